"""Corpus efficiency per domain, and what a fixed token budget buys.

`efficiency_table` puts, per corpus (a domain, or each group of an upload) and tokenizer,
the compression, vocabulary-utilisation and Rényi-efficiency metrics of corpus_metrics in
one row, with the row's coverage (the share of its characters that reach the model; flagged
below settings.MIN_COVERAGE). `what_fits` turns a budget of N tokens (a context window) into
the characters, words and pages of each row's text that fit in it, at the row's own tokens per
character, and carries the coverage along: 420 pages of Burmese in 128K BERT tokens are 420
pages of [UNK].

    128,000 tokens at 4.0 characters/token  ->  512,000 characters  ->  170.7 pages
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from tokenlab.engine.profiling import Profile
from tokenlab.metrics import corpus_metrics
from tokenlab.settings import PAGE_CHARS

#: The default budget: a 128k-token context window.
DEFAULT_BUDGET_TOKENS = 128_000
#: The bundled corpora compared on the Corpus efficiency page: domain label -> corpus name.
DOMAIN_CORPORA = {"code": "code", "legal": "legal", "prose": "prose", "math": "math", "multilingual": "udhr-subset"}

COLUMNS = (
    "domain",
    "tokenizer",
    "documents",
    "characters",
    "words",
    "tokens",
    "chars_per_token",
    "tokens_per_1k_chars",
    "bytes_per_token",
    "utilisation",
    "renyi_efficiency",
    "coverage",
    "flagged",
)


def efficiency_table(
    profile: Profile, domain: str, by_group: bool = False, group_names: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """One row per tokenizer (per group with `by_group`, labelled "domain: group", or by the
    group's name in `group_names` and in its order: code by programming language as "Python",
    "C++"): COLUMNS."""
    totals = corpus_metrics.summary(profile, by_group=by_group)
    usage = corpus_metrics.vocab_utilisation(profile, by_group=by_group).select("tokenizer", "group", "utilisation")
    entropy = corpus_metrics.efficiency(profile, by_group=by_group).select("tokenizer", "group", "renyi_efficiency")
    table = totals.join(usage, on=["tokenizer", "group"], how="left", maintain_order="left").join(
        entropy, on=["tokenizer", "group"], how="left", maintain_order="left"
    )
    label = pl.format("{}: {}", pl.lit(domain), pl.col("group")) if by_group else pl.lit(domain)
    if by_group and group_names:
        label = pl.col("group").replace_strict(dict(group_names), default=label)
        order = {group: i for i, group in enumerate(group_names)}
        table = table.sort(pl.col("group").replace_strict(order, default=len(order)), maintain_order=True)
    return table.with_columns(domain=label).select(COLUMNS)


def domain_table(profiles: Mapping[str, Profile]) -> pl.DataFrame:
    """`efficiency_table` of each named profile (domain -> profile), stacked in order."""
    return pl.concat([efficiency_table(profile, domain) for domain, profile in profiles.items()])


def what_fits(table: pl.DataFrame, budget_tokens: int, page_chars: int = PAGE_CHARS) -> pl.DataFrame:
    """For each row (with tokens, characters and words), how much of that text `budget_tokens`
    tokens hold: characters = N x C / T, words = N x W / T, pages = characters / page_chars;
    with the row's coverage and flag, when it has them."""
    if budget_tokens <= 0:
        raise ValueError(f"The token budget must be a positive number of tokens (got {budget_tokens:,}).")
    scale = pl.when(pl.col("tokens") > 0).then(budget_tokens / pl.col("tokens"))  # no tokens: nothing to scale
    keys = [c for c in ("domain", "group", "name", "tokenizer") if c in table.columns]
    return table.select(
        *keys,
        pl.lit(budget_tokens, dtype=pl.Int64).alias("budget_tokens"),
        characters=(scale * pl.col("characters")).floor().cast(pl.Int64),
        words=(scale * pl.col("words")).floor().cast(pl.Int64),
        pages=scale * pl.col("characters") / page_chars,
        coverage=pl.col("coverage") if "coverage" in table.columns else pl.lit(None, dtype=pl.Float64),
        flagged=pl.col("flagged") if "flagged" in table.columns else pl.lit(False),
    )
