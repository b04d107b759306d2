"""Shared fixtures. Tests never touch the network: the Hub is switched off before anything imports."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["TIKTOKEN_CACHE_DIR"] = ""  # tiktoken must not copy test files into a cache

import pytest  # noqa: E402

import tokenlab  # noqa: E402

BUNDLED_IDS = [info.id for info in tokenlab.list_tokenizers()]


@pytest.fixture(params=BUNDLED_IDS)
def tokenizer(request: pytest.FixtureRequest) -> tokenlab.Tokenizer:
    """Every bundled tokenizer in turn (loaded once per test session by the registry cache)."""
    return tokenlab.load_tokenizer(request.param)
