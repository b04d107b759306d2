"""Language fairness: one metric per (tokenizer, language), and the views built on it.

`language_table` turns a profile of a multilingual corpus (the UDHR) into one long frame,
tokenizer x language, with the language's name, script and coordinates beside the value;
every other function here reshapes that frame (per script, worst served, A versus B). The
metrics themselves are those of corpus_metrics (defined once, in SQL); this module only
picks one and says what it means.

    language_table(profile, "parity")  ->  tokenizer | group | name | script | ... | value
    compare_tokenizers(table, "cl100k_base", "o200k_base")  ->  per language: tokens A, B, B / A
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from tokenlab import corpus_metrics
from tokenlab.alignment import tokens_per_unit
from tokenlab.profiling import Profile
from tokenlab.segment import Segmentation
from tokenlab.unicode_scripts import SCRIPT_NAMES
from tokenlab.word_units import unit_for_text, unit_spans

#: A token-count change smaller than this (as a ratio) is reported as "same".
SAME_COST_TOLERANCE = 0.01


@dataclass(frozen=True)
class LanguageMetric:
    """A per-language metric: how to label it, what it means, and which direction is worse."""

    key: str
    label: str
    unit: str
    meaning: str
    higher_is_worse: bool = True


LANGUAGE_METRICS: dict[str, LanguageMetric] = {m.key: m for m in (
    LanguageMetric("parity", "Parity vs reference", "× reference tokens",
                   "tokens for the same UDHR articles / tokens for the reference language; 1.0 = same cost, "
                   "2.0 = double (Petrov et al. 2023, tokenization premium)"),
    LanguageMetric("fertility", "Fertility", "tokens per word unit",
                   "tokens per word (per character for unspaced scripts, per syllable for Tibetan); "
                   "1.0 = one token per unit (Rust et al. 2021)"),
    LanguageMetric("chars_per_token", "Characters per token", "characters / token",
                   "Unicode characters per token; higher is cheaper (Goldman et al. 2024)", higher_is_worse=False),
    LanguageMetric("bytes_per_token", "Bytes per token", "UTF-8 bytes / token",
                   "UTF-8 bytes per token; higher is cheaper, and comparable across scripts (Goldman et al. 2024)",
                   higher_is_worse=False),
    LanguageMetric("continuation_rate", "Continued-word rate", "share of tokens",
                   "share of tokens that continue a word an earlier token began; 0 = every token starts a word"),
    LanguageMetric("byte_fallback_rate", "Byte-fallback rate", "share of tokens",
                   "share of tokens that are raw <0xNN> bytes (SentencePiece byte fallback): text the vocabulary "
                   "has no piece for"),
)}  # fmt: skip

TABLE_SCHEMA = {
    "tokenizer": pl.String, "group": pl.String, "name": pl.String, "script": pl.String, "script_name": pl.String,
    "latitude": pl.Float64, "longitude": pl.Float64, "tokens": pl.Int64, "value": pl.Float64,
}  # fmt: skip


def _metadata(profile: Profile) -> pl.DataFrame:
    groups = profile.store.query(
        'SELECT group_name AS "group", name, script, latitude, longitude FROM groups WHERE corpus_hash = $corpus',
        {"corpus": profile.corpus_hash},
    )
    return groups.with_columns(
        name=pl.col("name").fill_null(pl.col("group")),
        script=pl.col("script").fill_null("Zyyy"),
        script_name=pl.col("script").replace_strict(SCRIPT_NAMES, default=pl.col("script"), return_dtype=pl.String),
    )


def language_table(profile: Profile, metric: str, reference: str = "eng",
                   groups: Sequence[str] | None = None) -> pl.DataFrame:
    """One row per (tokenizer, language): `value` is `metric` (a LANGUAGE_METRICS key), `tokens`
    the language's token count; ordered by tokenizer as profiled, then language code."""
    if metric not in LANGUAGE_METRICS:
        raise ValueError(f"Unknown metric {metric!r}; choose one of {', '.join(LANGUAGE_METRICS)}.")
    if metric == "parity":
        values = corpus_metrics.parity(profile, reference=reference, groups=groups).select(
            "tokenizer", "group", "tokens", value="parity")
    else:
        values = corpus_metrics.summary(profile, groups=groups).select("tokenizer", "group", "tokens", value=metric)
    if groups and metric == "parity" and reference not in groups:
        values = values.filter(pl.col("group") != reference)  # asked for as the yardstick, not as a row
    table = values.join(_metadata(profile), on="group", how="left", maintain_order="left")
    return table.select(list(TABLE_SCHEMA)).cast(TABLE_SCHEMA)  # type: ignore[arg-type]


def language_order(table: pl.DataFrame, higher_is_worse: bool = True) -> list[str]:
    """Language codes, worst served first (by the mean value over tokenizers)."""
    means = table.group_by("group").agg(pl.col("value").mean()).sort("value", descending=higher_is_worse,
                                                                       nulls_last=True)
    return means.get_column("group").to_list()


def script_summary(table: pl.DataFrame) -> pl.DataFrame:
    """Per script: how many languages, and the median value per tokenizer (one column each)."""
    tokenizers = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    medians = table.group_by("script", "script_name", "tokenizer").agg(pl.col("value").median())
    wide = medians.pivot(on="tokenizer", index=["script", "script_name"], values="value")
    counts = table.group_by("script").agg(languages=pl.col("group").n_unique())
    return (wide.join(counts, on="script").select("script", "script_name", "languages", *tokenizers)
            .sort("languages", "script", descending=[True, False]))


def worst_served(table: pl.DataFrame, n: int = 10, higher_is_worse: bool = True) -> pl.DataFrame:
    """The `n` worst-served languages of each tokenizer: tokenizer, rank (1 = worst), language."""
    order = {t: i for i, t in enumerate(table.get_column("tokenizer").unique(maintain_order=True))}
    ranked = table.filter(pl.col("value").is_not_null()).with_columns(
        rank=pl.col("value").rank("ordinal", descending=higher_is_worse).over("tokenizer").cast(pl.Int64),
        position=pl.col("tokenizer").replace_strict(order, return_dtype=pl.Int64))
    return (ranked.filter(pl.col("rank") <= n).sort("position", "rank")
            .select("tokenizer", "rank", "group", "name", "script", "value"))


def worst_served_grid(worst: pl.DataFrame, digits: int = 2) -> pl.DataFrame:
    """`worst_served` as a grid to read at a glance: one row per rank, "Name (value)" per tokenizer."""
    order = worst.get_column("tokenizer").unique(maintain_order=True).to_list()
    cells = worst.with_columns(cell=pl.format("{} ({})", "name", pl.col("value").round(digits)))
    return cells.pivot(on="tokenizer", index="rank", values="cell").sort("rank").select("rank", *order)


def compare_tokenizers(table: pl.DataFrame, a: str, b: str) -> pl.DataFrame:
    """Per language, tokens with A and with B for the same text, `ratio` = B / A and a verdict:
    "cheaper" (B needs fewer tokens), "dearer" or "same" (within SAME_COST_TOLERANCE)."""
    def side(tokenizer: str, column: str) -> pl.DataFrame:
        return table.filter(pl.col("tokenizer") == tokenizer).select(
            "group", "name", "script", pl.col("tokens").alias(column))

    both = side(a, "tokens_a").join(side(b, "tokens_b").select("group", "tokens_b"), on="group")
    ratio = pl.col("tokens_b") / pl.col("tokens_a")
    return both.with_columns(ratio=ratio).with_columns(
        verdict=pl.when(pl.col("ratio") < 1 - SAME_COST_TOLERANCE).then(pl.lit("cheaper"))
        .when(pl.col("ratio") > 1 + SAME_COST_TOLERANCE).then(pl.lit("dearer")).otherwise(pl.lit("same"))
    ).sort("ratio")


def fragmented_words(segmentation: Segmentation, top: int = 15) -> pl.DataFrame:
    """The words of a segmented text cut into the most tokens: word, tokens (per occurrence,
    the most seen), occurrences, and the pieces of one occurrence joined by " · ".

    Word units are those of the corpus metrics (word_units.py): `\\S+` words, or single
    characters in unspaced scripts. Only words split into two or more tokens are listed.
    """
    text = segmentation.text
    schema = {"word": pl.String, "tokens": pl.Int64, "occurrences": pl.Int64, "pieces": pl.String}
    if not text or not len(segmentation):
        return pl.DataFrame(schema=schema)
    starts, ends = unit_spans(text, np.array([len(text)]), [unit_for_text(text)])
    token_starts, token_ends = np.asarray(segmentation.starts), np.asarray(segmentation.ends)
    first, count = tokens_per_unit(token_starts, token_ends, starts, ends)
    rows = []
    for unit_start, unit_end, lo, n in zip(starts, ends, first, count):
        if n < 2:
            continue
        # A token holding part of a character shows as its bytes (<0xE0>), as in the segmentation view.
        pieces = [segmentation[i].piece.strip() or segmentation[i].piece for i in range(lo, lo + n)]
        rows.append((text[unit_start:unit_end], int(n), " · ".join(pieces)))
    if not rows:
        return pl.DataFrame(schema=schema)
    words = pl.DataFrame(rows, schema={"word": pl.String, "tokens": pl.Int64, "pieces": pl.String}, orient="row")
    return (words.sort("tokens", descending=True)
            .group_by("word", maintain_order=True)
            .agg(pl.col("tokens").first(), occurrences=pl.len().cast(pl.Int64), pieces=pl.col("pieces").first())
            .sort(["tokens", "occurrences", "word"], descending=[True, True, False])
            .head(top).select(list(schema)))
