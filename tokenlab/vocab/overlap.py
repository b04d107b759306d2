"""How much vocabularies share, compared as the byte strings their entries stand for.

Ids mean nothing across tokenizers, and spellings differ (SentencePiece writes " the" as
"▁the", byte-level BPE as "Ġthe"), so entries are compared by their bytes. Special entries
(control and unknown tokens) are left out: their literal text is markup, not vocabulary.

    Jaccard(A, B) = |A ∩ B| / |A ∪ B|;  a vocabulary against itself -> 1.0
    cl100k_base vs llama3: all 100,256 entries of cl100k_base are in llama3 (Llama 3 kept
    tiktoken's 100K ranks and added 28K), so Jaccard = 100,256 / 128,000 = 0.783.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl


def entry_set(table: pl.DataFrame) -> frozenset[bytes]:
    """The distinct byte strings of a vocabulary table's non-special entries."""
    return frozenset(table.filter(pl.col("class") != "special").get_column("bytes").to_list())


def jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """|A ∩ B| / |A ∪ B| (1.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


@dataclass(frozen=True)
class PairOverlap:
    """Shared and unique entries of two vocabularies, in all and per script."""

    shared: int
    only_a: int
    only_b: int
    jaccard: float
    by_script: pl.DataFrame  # script, shared, only_a, only_b


def pair_overlap(a: pl.DataFrame, b: pl.DataFrame) -> PairOverlap:
    """The overlap of two vocabulary tables (`vocab.scripts.vocab_table`)."""
    set_a, set_b = entry_set(a), entry_set(b)
    script = dict(zip(a.get_column("bytes"), a.get_column("script"), strict=True)) | dict(
        zip(b.get_column("bytes"), b.get_column("script"), strict=True)
    )
    counts: Counter[tuple[str, str]] = Counter()
    for side, entries in (("shared", set_a & set_b), ("only_a", set_a - set_b), ("only_b", set_b - set_a)):
        counts.update((script[entry], side) for entry in entries)
    scripts = sorted(
        {s for s, _ in counts}, key=lambda s: -sum(counts[s, side] for side in ("shared", "only_a", "only_b"))
    )
    by_script = pl.DataFrame(
        {"script": scripts, **{side: [counts[s, side] for s in scripts] for side in ("shared", "only_a", "only_b")}},
        schema={"script": pl.String, "shared": pl.Int64, "only_a": pl.Int64, "only_b": pl.Int64},
    )
    shared = len(set_a & set_b)
    return PairOverlap(shared, len(set_a) - shared, len(set_b) - shared, jaccard(set_a, set_b), by_script)


def jaccard_matrix(sets: Mapping[str, frozenset[bytes]]) -> pl.DataFrame:
    """Pairwise Jaccard and shared counts: columns a, b, jaccard, shared (every ordered pair)."""
    rows = [(a, b, jaccard(sets[a], sets[b]), len(sets[a] & sets[b])) for a in sets for b in sets]
    return pl.DataFrame(
        rows, schema={"a": pl.String, "b": pl.String, "jaccard": pl.Float64, "shared": pl.Int64}, orient="row"
    )


def intersections(sets: Mapping[str, frozenset[bytes]]) -> list[tuple[tuple[str, ...], int]]:
    """UpSet counts: for each combination of vocabularies, the entries in exactly those and no
    other, largest first. The counts add up to the size of the union."""
    names = list(sets)
    membership: Counter[bytes] = Counter()
    for bit, name in enumerate(names):
        for entry in sets[name]:
            membership[entry] |= 1 << bit
    by_mask = Counter(membership.values())
    combos = [
        (tuple(name for bit, name in enumerate(names) if mask >> bit & 1), count) for mask, count in by_mask.items()
    ]
    return sorted(combos, key=lambda combo: (-combo[1], len(combo[0]), combo[0]))


def unique_entries(tables: Mapping[str, pl.DataFrame], name: str, limit: int = 200) -> pl.DataFrame:
    """Entries of `tables[name]` in none of the other tables, in id order (earliest merges first)."""
    others = frozenset().union(*(entry_set(table) for other, table in tables.items() if other != name))
    table = tables[name].filter(pl.col("class") != "special")
    return (
        table.filter(~pl.col("bytes").is_in(list(others)))
        .unique("bytes", keep="first", maintain_order=True)
        .head(limit)
    )
