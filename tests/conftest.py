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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Two lanes for `pytest -n 2 --dist loadgroup` (.ci/run): the browser tests in one worker,
    one after another as they were written to run (each drives a real server, and some time its
    answers), everything else in the other."""
    for item in items:
        lane = "browser" if "e2e" in item.path.parts else "library"
        item.add_marker(pytest.mark.xdist_group(lane))
