"""Browsing one vocabulary: search by substring or regex (bounded), longest entries, lengths.

A regex runs against every entry of a 262K vocabulary, so it is bounded twice: the pattern may
be at most MAX_PATTERN_CHARS long, and the whole search at most SEARCH_TIMEOUT_S seconds (the
`regex` module's own timeout, which interrupts a catastrophic backtrack such as `(a+)+$`).

    search_vocab(table, "ization", limit=3).matches["text"] -> ["ization", " organization", ...]
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import polars as pl
import regex

from tokenlab.vocab_errors import VocabLabError

MAX_PATTERN_CHARS = 200
SEARCH_TIMEOUT_S = 1.0
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class SearchResult:
    """The first `limit` matching entries (id order) and how many matched in all."""

    matches: pl.DataFrame
    total: int


def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """`pattern` compiled, or a VocabLabError saying why it cannot be searched for."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise VocabLabError(f"The pattern has {len(pattern)} characters; use at most {MAX_PATTERN_CHARS}.")
    try:
        return regex.compile(pattern)
    except regex.error as error:
        raise VocabLabError(f"{pattern!r} is not a valid regular expression: {error}.") from None


def search_vocab(table: pl.DataFrame, query: str, *, use_regex: bool = False, limit: int = DEFAULT_LIMIT,
                 timeout_s: float = SEARCH_TIMEOUT_S) -> SearchResult:  # fmt: skip
    """Entries of a vocabulary table (`vocab_scripts.vocab_table`) whose text contains `query`, or
    matches it anywhere when `use_regex`; an empty query matches everything."""
    if not query:
        return SearchResult(table.head(limit), len(table))
    if not use_regex:
        if len(query) > MAX_PATTERN_CHARS:
            raise VocabLabError(f"The search text has {len(query)} characters; use at most {MAX_PATTERN_CHARS}.")
        found = table.filter(pl.col("text").str.contains(query, literal=True))
        return SearchResult(found.head(limit), len(found))
    pattern = compile_pattern(query)
    deadline = time.monotonic() + timeout_s
    hits = []
    try:
        for position, text in enumerate(table.get_column("text")):
            if pattern.search(text, timeout=max(deadline - time.monotonic(), 1e-6)):
                hits.append(position)
    except TimeoutError:
        raise VocabLabError(
            f"The pattern {query!r} took longer than {timeout_s:g} s over the vocabulary (nested repeats such as "
            "(a+)+ backtrack without end); simplify it or search for a substring."
        ) from None
    found = table[hits] if hits else table.clear()
    return SearchResult(found.head(limit), len(found))


def longest_entries(table: pl.DataFrame, n: int = 50, by: str = "n_bytes") -> pl.DataFrame:
    """The `n` longest normal entries by "n_bytes" or "n_chars" (ties: lower id first)."""
    return table.filter(~pl.col("class").is_in(["special"])).sort([by, "id"], descending=[True, False]).head(n)


def length_counts(table: pl.DataFrame) -> pl.DataFrame:
    """Entries per length, in bytes and in characters (columns length, bytes, characters); special
    entries are left out, since their length is their markup."""
    normal = table.filter(pl.col("class") != "special")
    by_bytes = normal.group_by(pl.col("n_bytes").alias("length")).agg(pl.len().alias("bytes"))
    by_chars = normal.group_by(pl.col("n_chars").alias("length")).agg(pl.len().alias("characters"))
    return (
        by_bytes.join(by_chars, on="length", how="full", coalesce=True)
        .fill_null(0)
        .with_columns(pl.col("bytes", "characters").cast(pl.Int64))
        .sort("length")
    )
