"""Shared fixtures. Tests never touch the network: the Hub is switched off before anything imports."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TIKTOKEN_CACHE_DIR"] = ""  # tiktoken must not copy test files into a cache

import hypothesis
import pytest

import tokenlab
from tokenlab import settings

# Hypothesis's per-example deadline (200 ms) measures the machine, not the code: on a shared CI
# runner one example of a microsecond test took 356 ms and failed the run. Time limits that
# matter are asserted where they are promised, and pytest-timeout stops a test that hangs.
hypothesis.settings.register_profile("tokenlab", deadline=None)
hypothesis.settings.load_profile("tokenlab")

# The suite loads every bundled tokenizer many times over: it keeps them all, while the
# registry's eviction has tests of its own (tests/tokenizers/test_registry.py) and the e2e
# servers run with the default budget.
settings.TOKENIZER_MEMORY_BUDGET = None

BUNDLED_IDS = [info.id for info in tokenlab.list_tokenizers()]


@pytest.fixture(params=BUNDLED_IDS)
def tokenizer(request: pytest.FixtureRequest) -> tokenlab.Tokenizer:
    """Every bundled tokenizer in turn (loaded once per test session by the registry cache)."""
    return tokenlab.load_tokenizer(request.param)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """Under `pytest -n 2` (.ci/run) one worker runs the browser tests, one after another as they
    were written to run (each drives a real server, and some time its answers), while the other
    takes the rest test by test. A scheduler of our own: `--dist loadgroup` silently stops grouping
    on pytest 9.2 (pytest-dev/pytest-xdist#1386)."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/e2e/") else nodeid

    return BrowserTestsTogether(config, log)
