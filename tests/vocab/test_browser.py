"""Searching a vocabulary: substring and regex, bounded against hostile patterns."""

from __future__ import annotations

import time
from functools import cache

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.vocab.browser import MAX_PATTERN_CHARS, length_counts, longest_entries, search_vocab
from tokenlab.vocab.errors import VocabLabError
from tokenlab.vocab.scripts import vocab_table


@cache
def o200k() -> pl.DataFrame:
    return vocab_table(tokenlab.load_tokenizer("o200k_base"))


def test_substring_search_counts_every_match_and_returns_the_first() -> None:
    found = search_vocab(o200k(), "ization", limit=3)
    assert found.total == 67
    assert found.matches["text"].to_list() == ["ization", " organization", " organizations"]


def test_regex_search_finds_all_three_digit_entries() -> None:
    assert search_vocab(o200k(), r"^[0-9]{3}$", use_regex=True).total == 1000


def test_a_pattern_that_backtracks_exponentially_elsewhere_runs_in_linear_time() -> None:
    # (a|aa)+$ on "a" * n + "!" takes Fibonacci(n) steps in a backtracking engine: 40 a's are
    # 10^8 steps there. Rust's regex engine has no backtracking: 200,000 a's take milliseconds.
    table = pl.DataFrame({"id": [0, 1, 2], "text": ["a" * 200_000 + "!", "b", "aaa"]})
    started = time.monotonic()
    found = search_vocab(table, r"(a|aa)+$", use_regex=True)
    assert found.matches["id"].to_list() == [2]
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(unclosed", "unclosed group"),
        (r"(?<=x)y", "look-around, including look-ahead and look-behind, is not supported"),
        (r"(a)\1", "backreferences are not supported"),
        ("a{1000}{1000}", "Compiled regex exceeds size limit of 10485760 bytes"),
    ],
)
def test_invalid_patterns_are_refused_with_the_engine_s_reason(pattern: str, reason: str) -> None:
    with pytest.raises(VocabLabError) as refused:
        search_vocab(o200k(), pattern, use_regex=True)
    assert str(refused.value) == (
        f"{pattern!r} is not a regular expression tokenlab can search with: {reason}. "
        "Look-around and backreferences are not supported."
    )


def test_overlong_patterns_and_search_texts_are_refused() -> None:
    with pytest.raises(VocabLabError, match=f"The pattern has 201 characters; use at most {MAX_PATTERN_CHARS}."):
        search_vocab(o200k(), "a" * (MAX_PATTERN_CHARS + 1), use_regex=True)
    with pytest.raises(VocabLabError, match=f"The search text has 201 characters; use at most {MAX_PATTERN_CHARS}."):
        search_vocab(o200k(), "a" * (MAX_PATTERN_CHARS + 1))


def test_a_regex_special_character_is_literal_in_a_substring_search() -> None:
    assert search_vocab(o200k(), "(", limit=5).total == sum("(" in text for text in o200k()["text"])


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
