"""Overlap of real vocabularies, compared as byte strings."""

from __future__ import annotations

from functools import cache

import polars as pl

import tokenlab
from tokenlab.vocab.overlap import entry_set, intersections, jaccard, jaccard_matrix, pair_overlap, unique_entries
from tokenlab.vocab.scripts import vocab_table


@cache
def table(tokenizer_id: str) -> pl.DataFrame:
    return vocab_table(tokenlab.load_tokenizer(tokenizer_id))


def test_a_vocabulary_overlaps_itself_completely() -> None:
    overlap = pair_overlap(table("gemma3"), table("gemma3"))
    assert (overlap.jaccard, overlap.only_a, overlap.only_b, overlap.shared) == (1.0, 0, 0, 262_026)
    assert overlap.by_script["only_a"].sum() == overlap.by_script["only_b"].sum() == 0


def test_llama3_contains_all_of_cl100k_base() -> None:
    overlap = pair_overlap(table("cl100k_base"), table("llama3"))
    assert (overlap.shared, overlap.only_a, overlap.only_b) == (100_256, 0, 27_744)
    assert overlap.jaccard == 100_256 / 128_000
    latin = overlap.by_script.filter(pl.col("script") == "Latin").row(0, named=True)
    assert (latin["shared"], latin["only_a"], latin["only_b"]) == (89_827, 0, 7_218)
    assert overlap.by_script["shared"].sum() == 100_256


def test_sentencepiece_and_byte_level_entries_meet_as_bytes() -> None:
    assert b" the" in entry_set(table("llama2")) & entry_set(table("gpt2"))  # "▁the" and "Ġthe"


def test_upset_counts_add_up_to_the_union() -> None:
    sets = {name: entry_set(table(name)) for name in ("gpt2", "cl100k_base", "llama3")}
    combos = intersections(sets)
    assert sum(count for _, count in combos) == len(sets["gpt2"] | sets["cl100k_base"] | sets["llama3"])
    assert ("cl100k_base",) not in dict(combos)  # nothing is in cl100k_base alone: llama3 has it all
    matrix = jaccard_matrix(sets)
    assert matrix.filter(pl.col("a") == pl.col("b"))["jaccard"].to_list() == [1.0, 1.0, 1.0]
    pair = matrix.filter((pl.col("a") == "gpt2") & (pl.col("b") == "llama3")).row(0, named=True)
    assert pair["jaccard"] == jaccard(sets["gpt2"], sets["llama3"])


def test_unique_entries_are_in_no_other_vocabulary() -> None:
    unique = unique_entries({"cl100k_base": table("cl100k_base"), "llama3": table("llama3")}, "llama3", limit=500)
    assert len(unique) == 500
    assert not set(unique["bytes"].to_list()) & entry_set(table("cl100k_base"))
    assert unique_entries({"cl100k_base": table("cl100k_base"), "llama3": table("llama3")}, "cl100k_base").is_empty()
