"""Browsing one vocabulary: search by substring or regex (bounded), longest entries, lengths.

A regex from the user runs against every entry of a 262K vocabulary, on a server every visitor
shares. It runs in polars, on Rust's `regex` engine: finite automata, linear in the text for
any pattern (no backtracking, so `(a+)+$` is as fast as `a+$`), with the GIL released and the
compiled pattern capped at 10 MB. The price is the two features that need backtracking,
look-around and backreferences, which are refused with that reason. The pattern may be at most
MAX_PATTERN_CHARS long.

    search_vocab(table, "ization", limit=3).matches["text"] -> ["ization", " organization", ...]
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tokenlab.vocab.errors import VocabLabError

MAX_PATTERN_CHARS = 200
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class SearchResult:
    """The first `limit` matching entries (id order) and how many matched in all."""

    matches: pl.DataFrame
    total: int


def _pattern_problem(error: pl.exceptions.PolarsError) -> str:
    """The reason in Rust regex's message ("error: unclosed group"), without polars' expression dump."""
    lines = str(error).splitlines()
    reason = next((line.removeprefix("error: ") for line in lines if line.startswith("error: ")), None)
    return reason or lines[0].removeprefix("regex error: ").rstrip(".")


def search_vocab(
    table: pl.DataFrame, query: str, *, use_regex: bool = False, limit: int = DEFAULT_LIMIT
) -> SearchResult:
    """Entries of a vocabulary table (`vocab.scripts.vocab_table`) whose text contains `query`, or
    matches it anywhere when `use_regex`; an empty query matches everything."""
    if not query:
        return SearchResult(table.head(limit), len(table))
    if len(query) > MAX_PATTERN_CHARS:
        what = "pattern" if use_regex else "search text"
        raise VocabLabError(f"The {what} has {len(query)} characters; use at most {MAX_PATTERN_CHARS}.")
    try:
        found = table.filter(pl.col("text").str.contains(query, literal=not use_regex))
    except pl.exceptions.ComputeError as error:
        raise VocabLabError(
            f"{query!r} is not a regular expression tokenlab can search with: {_pattern_problem(error)}. "
            "Look-around and backreferences are not supported."
        ) from None
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
