"""Searching a vocabulary: substring and regex, bounded against hostile patterns."""

from __future__ import annotations

import time
from functools import cache

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.vocab_browser import MAX_PATTERN_CHARS, length_counts, longest_entries, search_vocab
from tokenlab.vocab_errors import VocabLabError
from tokenlab.vocab_scripts import vocab_table


@cache
def o200k() -> pl.DataFrame:
    return vocab_table(tokenlab.load_tokenizer("o200k_base"))


def test_substring_search_counts_every_match_and_returns_the_first() -> None:
    found = search_vocab(o200k(), "ization", limit=3)
    assert found.total == 67
    assert found.matches["text"].to_list() == ["ization", " organization", " organizations"]


def test_regex_search_finds_all_three_digit_entries() -> None:
    assert search_vocab(o200k(), r"^[0-9]{3}$", use_regex=True).total == 1000


def test_catastrophic_regex_is_stopped_by_the_timeout() -> None:
    table = pl.DataFrame({"id": [0, 1], "text": ["a" * 40 + "!", "b"]})
    started = time.monotonic()
    with pytest.raises(VocabLabError, match=r"took longer than 0.2 s"):
        search_vocab(table, r"(a|aa)+$", use_regex=True, timeout_s=0.2)
    assert time.monotonic() - started < 2


def test_overlong_and_invalid_patterns_are_rejected_with_a_reason() -> None:
    with pytest.raises(VocabLabError, match=f"use at most {MAX_PATTERN_CHARS}"):
        search_vocab(o200k(), "a" * (MAX_PATTERN_CHARS + 1), use_regex=True)
    with pytest.raises(VocabLabError, match="is not a valid regular expression"):
        search_vocab(o200k(), "(unclosed", use_regex=True)


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet="abcdeiz .", min_size=1, max_size=4))
def test_every_substring_match_contains_the_query(query: str) -> None:
    found = search_vocab(o200k(), query, limit=50)
    assert all(query in text for text in found.matches["text"])
    assert found.total == sum(query in text for text in o200k()["text"])


def test_longest_entry_and_length_counts() -> None:
    longest = longest_entries(o200k(), 1).row(0, named=True)
    assert (longest["text"], longest["class"]) == (" " * 128, "whitespace")
    counts = length_counts(o200k())
    assert counts["bytes"].sum() == counts["characters"].sum() == 199_998  # every non-special entry once
    assert counts.filter(pl.col("length") == 1)["bytes"].item() == 256
