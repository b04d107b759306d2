"""Per-language metrics: what each one means, and the views built on a language table.

A language table (`fairness.language_table`) is one long frame, tokenizer x language, with
the language's name, script and coordinates beside the value. Everything here takes that
frame and reshapes it (per script, worst served, A versus B) without touching the store, so
the charts can use it too.

    compare_tokenizers(table, "cl100k_base", "o200k_base")  ->  per language: tokens A, B, B / A
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tokenlab import settings

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


LANGUAGE_METRICS: dict[str, LanguageMetric] = {
    m.key: m
    for m in (
        LanguageMetric(
            "parity",
            "Parity vs reference (tokenization premium)",
            "× reference tokens",
            "tokens for the same UDHR articles / tokens for the reference language, with a 95% bootstrap interval "
            "over articles; 1.0 = same cost, 2.0 = double (Petrov et al. 2023 call it the tokenization premium)",
        ),
        LanguageMetric(
            "fertility",
            "Fertility",
            "tokens per word unit",
            "tokens per word unit; the unit follows the script: whitespace words, ICU dictionary words for Thai, "
            "Lao, Khmer, Myanmar, Chinese and Japanese, words between Ethiopic wordspaces, Tibetan syllables, "
            "grapheme clusters for unspaced scripts without a dictionary; 1.0 = one token per unit "
            "(Rust et al. 2021)",
        ),
        LanguageMetric(
            "chars_per_token",
            "Characters per token",
            "characters / token",
            "Unicode characters per token; higher is cheaper (Goldman et al. 2024)",
            higher_is_worse=False,
        ),
        LanguageMetric(
            "bytes_per_token",
            "Bytes per token",
            "UTF-8 bytes / token",
            "UTF-8 bytes per token; higher is cheaper, and comparable across scripts (Goldman et al. 2024)",
            higher_is_worse=False,
        ),
        LanguageMetric(
            "word_split_rate",
            "Split-word rate (proportion of continued words)",
            "share of word units",
            "share of word units cut into two or more tokens: Rust et al.'s (2021) proportion of continued words; "
            "0 = every word is one token",
        ),
        LanguageMetric(
            "continuation_rate",
            "Continuation-token rate",
            "share of tokens",
            "share of tokens that continue a word unit an earlier token began (a share of tokens, unlike Rust "
            "et al.'s proportion of continued words, a share of words); 0 = every token starts a word",
        ),
        LanguageMetric(
            "byte_fallback_rate",
            "Byte-fallback rate",
            "share of tokens",
            "share of tokens that are raw <0xNN> bytes (SentencePiece byte fallback): text the vocabulary "
            "has no piece for",
        ),
        LanguageMetric(
            "coverage",
            "Coverage",
            "share of characters",
            "share of characters that reach the model: neither inside an unknown token nor dropped by the "
            f"tokenizer's normalizer; below {settings.MIN_COVERAGE:.0%} a pair is marked and left out of rankings",
            higher_is_worse=False,
        ),
    )
}

TABLE_SCHEMA = pl.Schema(
    {
        "tokenizer": pl.String,
        "group": pl.String,
        "name": pl.String,
        "script": pl.String,
        "script_name": pl.String,
        "latitude": pl.Float64,
        "longitude": pl.Float64,
        "metric": pl.String,
        "unit": pl.String,
        "word_unit": pl.String,
        "reference": pl.String,
        "articles": pl.Int64,
        "tokens": pl.Int64,
        "value": pl.Float64,
        "ci_low": pl.Float64,
        "ci_high": pl.Float64,
        "coverage": pl.Float64,
        "flagged": pl.Boolean,
        "ranked": pl.Boolean,
        "note": pl.String,
    }
)
#: The marking every view of a flagged pair shows, and the legend that explains it.
FLAG_MARK = "⚠"
FLAG_LEGEND = (
    f"{FLAG_MARK} grey: coverage below {settings.MIN_COVERAGE:.0%} (unknown tokens or characters the normalizer "
    "drops): the count understates the cost, so the pair is left out of rankings"
)


def ranked_only(table: pl.DataFrame) -> pl.DataFrame:
    """The rows a ranking may use: a value, and (but for coverage itself) coverage not flagged."""
    return table.filter(pl.col("ranked"))


def language_order(table: pl.DataFrame, higher_is_worse: bool = True) -> list[str]:
    """Language codes, worst served first (by the mean ranked value over tokenizers); languages
    with no ranked value last, by code."""
    means = (
        table.group_by("group")
        .agg(pl.col("value").filter(pl.col("ranked")).mean())
        .sort(["value", "group"], descending=[higher_is_worse, False], nulls_last=True)
    )
    return means.get_column("group").to_list()


def shown_languages(table: pl.DataFrame, top: int | None, higher_is_worse: bool = True, find: str = "") -> pl.DataFrame:
    """The rows of the languages a chart shows: those whose name or code holds `find` (any
    case), and of those the `top` worst served (`language_order`), or all when `top` is None.
    532 languages at a readable 18 px a row would be a chart 10,000 px tall; the table and its
    downloads keep every row."""
    if needle := find.strip().lower():
        table = table.filter(
            pl.col("name").str.to_lowercase().str.contains(needle, literal=True)
            | pl.col("group").str.to_lowercase().str.contains(needle, literal=True)
        )
    if top is None:
        return table
    return table.filter(pl.col("group").is_in(language_order(table, higher_is_worse)[:top]))


def script_summary(table: pl.DataFrame) -> pl.DataFrame:
    """Per script: how many languages, and the median ranked value per tokenizer (one column
    each; flagged pairs are left out of the median)."""
    tokenizers = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    medians = table.group_by("script", "script_name", "tokenizer").agg(
        pl.col("value").filter(pl.col("ranked")).median()
    )
    wide = medians.pivot(on="tokenizer", index=["script", "script_name"], values="value")
    counts = table.group_by("script").agg(languages=pl.col("group").n_unique())
    return (
        wide.join(counts, on="script")
        .select("script", "script_name", "languages", *tokenizers)
        .sort("languages", "script", descending=[True, False])
    )


def worst_served(table: pl.DataFrame, n: int = 10, higher_is_worse: bool = True) -> pl.DataFrame:
    """The `n` worst-served languages of each tokenizer: tokenizer, rank (1 = worst), language,
    value, coverage and articles; flagged pairs are never ranked (`ranked_only`)."""
    order = {t: i for i, t in enumerate(table.get_column("tokenizer").unique(maintain_order=True))}
    ranked = ranked_only(table).with_columns(
        rank=pl.col("value").rank("ordinal", descending=higher_is_worse).over("tokenizer").cast(pl.Int64),
        position=pl.col("tokenizer").replace_strict(order, return_dtype=pl.Int64),
    )
    return (
        ranked.filter(pl.col("rank") <= n)
        .sort("position", "rank")
        .select("tokenizer", "rank", "group", "name", "script", "value", "coverage", "articles")
    )


def worst_served_grid(worst: pl.DataFrame, digits: int = 2) -> pl.DataFrame:
    """`worst_served` as a grid to read at a glance: one row per rank, "Name (value)" per tokenizer."""
    order = worst.get_column("tokenizer").unique(maintain_order=True).to_list()
    cells = worst.with_columns(cell=pl.format("{} ({})", "name", pl.col("value").round(digits)))
    return cells.pivot(on="tokenizer", index="rank", values="cell").sort("rank").select("rank", *order)


#: The verdict of a language whose coverage is flagged with A or B: its token counts say nothing of cost.
NOT_COMPARED = "not compared (coverage)"


def compare_tokenizers(table: pl.DataFrame, a: str, b: str) -> pl.DataFrame:
    """Per language, tokens with A and with B for the same text, `ratio` = B / A and a verdict:
    "cheaper" (B needs fewer tokens), "dearer" or "same" (within SAME_COST_TOLERANCE), or
    NOT_COMPARED when A's or B's coverage of the language is flagged."""

    def side(tokenizer: str, suffix: str) -> pl.DataFrame:
        return table.filter(pl.col("tokenizer") == tokenizer).select(
            "group",
            "name",
            "script",
            pl.col("tokens").alias(f"tokens_{suffix}"),
            pl.col("coverage").alias(f"coverage_{suffix}"),
            pl.col("flagged").alias(f"flagged_{suffix}"),
        )

    both = side(a, "a").join(side(b, "b").drop("name", "script"), on="group")
    ratio = pl.col("tokens_b") / pl.col("tokens_a")
    flagged = pl.col("flagged_a").fill_null(False) | pl.col("flagged_b").fill_null(False)
    return (
        both.with_columns(ratio=ratio, flagged=flagged)
        .with_columns(
            verdict=pl.when(pl.col("flagged"))
            .then(pl.lit(NOT_COMPARED))
            .when(pl.col("ratio") < 1 - SAME_COST_TOLERANCE)
            .then(pl.lit("cheaper"))
            .when(pl.col("ratio") > 1 + SAME_COST_TOLERANCE)
            .then(pl.lit("dearer"))
            .otherwise(pl.lit("same"))
        )
        .select(
            "group", "name", "script", "tokens_a", "tokens_b", "ratio", "verdict", "coverage_a", "coverage_b", "flagged"
        )
        .sort("ratio")
    )
