"""Language fairness from a profile: one metric per (tokenizer, language), and one text's words.

`language_table` turns a profile of a multilingual corpus (the UDHR) into one long frame,
tokenizer x language, with the language's name, script and coordinates beside the value;
languages.py reshapes that frame (per script, worst served, A versus B). The metrics
themselves are those of corpus_metrics (defined once, in SQL); this module only picks one.

    language_table(profile, "parity")  ->  tokenizer | group | name | script | ... | value
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from tokenlab import settings
from tokenlab.engine.profiling import Profile
from tokenlab.metrics import corpus_metrics
from tokenlab.metrics.languages import LANGUAGE_METRICS, TABLE_SCHEMA
from tokenlab.text.alignment import tokens_per_unit
from tokenlab.text.segment import Segmentation
from tokenlab.text.unicode_scripts import SCRIPT_NAMES
from tokenlab.text.word_units import unit_for_text, unit_label, unit_spans


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


def language_table(
    profile: Profile, metric: str, reference: str = "eng", groups: Sequence[str] | None = None
) -> pl.DataFrame:
    """One row per (tokenizer, language), TABLE_SCHEMA: `value` is `metric` (a LANGUAGE_METRICS
    key) with its `unit`, the word unit it counts in, the `reference` (parity), the `articles` it
    rests on (for parity: shared with the reference), a bootstrap interval (parity), the pair's
    `coverage`, whether it is `flagged`, whether a ranking may use it (`ranked`), and a `note`
    saying why not; ordered by tokenizer as profiled, then language code."""
    if metric not in LANGUAGE_METRICS:
        raise ValueError(f"Unknown metric {metric!r}; choose one of {', '.join(LANGUAGE_METRICS)}.")
    totals = corpus_metrics.summary(profile, groups=groups)
    if metric == "parity":
        values = corpus_metrics.parity(profile, reference=reference, groups=groups).select(
            "tokenizer", "group", "reference", "articles", "tokens", "ci_low", "ci_high", value="parity"
        )
        if groups and reference not in groups:
            values = values.filter(pl.col("group") != reference)  # asked for as the yardstick, not as a row
    else:
        values = totals.select(
            "tokenizer",
            "group",
            pl.lit(None, dtype=pl.String).alias("reference"),
            pl.col("documents").alias("articles"),
            "tokens",
            pl.lit(None, dtype=pl.Float64).alias("ci_low"),
            pl.lit(None, dtype=pl.Float64).alias("ci_high"),
            value=metric,
        )
    facts = totals.select(
        "tokenizer", "group", "coverage", "flagged", "unknown_chars", "dropped_chars", "characters", "unit"
    )
    table = values.join(facts, on=["tokenizer", "group"], how="left", maintain_order="left")
    spec = LANGUAGE_METRICS[metric]
    flagged = pl.col("flagged").fill_null(False)
    counts_in_units = metric in ("fertility", "word_split_rate")
    table = table.with_columns(
        metric=pl.lit(metric),
        unit=pl.lit(spec.unit),
        word_unit=pl.col("unit").map_elements(unit_label, return_dtype=pl.String) if counts_in_units else None,
        flagged=flagged,
        ranked=pl.col("value").is_not_null() & (pl.lit(metric == "coverage") | ~flagged),
        note=pl.when(flagged & pl.lit(metric != "coverage"))
        .then(
            pl.format(
                "coverage {}% < {}%: {}% of characters are unknown tokens, {}% dropped by the normalizer; "
                "the count understates the cost, so it is left out of rankings",
                ((pl.col("coverage") * 100).round(1)),
                pl.lit(round(settings.MIN_COVERAGE * 100)),
                (100 * pl.col("unknown_chars") / pl.col("characters")).round(1),
                (100 * pl.col("dropped_chars") / pl.col("characters")).round(1),
            )
        )
        .when(pl.col("value").is_null() & pl.lit(metric == "parity"))
        .then(
            pl.format(
                "articles shared with {}: {} (fewer than {}), so no parity figure",
                "reference",
                "articles",
                pl.lit(settings.MIN_PARITY_ARTICLES),
            )
        )
        .otherwise(pl.lit("")),
    )
    table = table.join(_metadata(profile), on="group", how="left", maintain_order="left")
    return table.select(TABLE_SCHEMA.names()).cast(TABLE_SCHEMA)


def fragmented_words(segmentation: Segmentation, top: int = 15) -> pl.DataFrame:
    """The words of a segmented text cut into the most tokens: word, tokens (per occurrence,
    the most seen), occurrences, and the pieces of one occurrence joined by " · ".

    Word units are those of the corpus metrics (word_units.py): whitespace words, ICU
    dictionary words, Ethiopic words, Tibetan syllables or grapheme clusters, by the text's
    script and spacing. Only units split into two or more tokens are listed.
    """
    text = segmentation.text
    schema = {"word": pl.String, "tokens": pl.Int64, "occurrences": pl.Int64, "pieces": pl.String}
    if not text or not len(segmentation):
        return pl.DataFrame(schema=schema)
    starts, ends = unit_spans(text, np.array([len(text)]), [unit_for_text(text)])
    token_starts, token_ends = np.asarray(segmentation.starts), np.asarray(segmentation.ends)
    first, count = tokens_per_unit(token_starts, token_ends, starts, ends)
    rows = []
    for unit_start, unit_end, lo, n in zip(starts, ends, first, count, strict=True):
        if n < 2:
            continue
        # A token holding part of a character shows as its bytes (<0xE0>), as in the segmentation view.
        pieces = [segmentation[i].piece.strip() or segmentation[i].piece for i in range(lo, lo + n)]
        rows.append((text[unit_start:unit_end], int(n), " · ".join(pieces)))
    if not rows:
        return pl.DataFrame(schema=schema)
    words = pl.DataFrame(rows, schema={"word": pl.String, "tokens": pl.Int64, "pieces": pl.String}, orient="row")
    return (
        words.sort("tokens", descending=True)
        .group_by("word", maintain_order=True)
        .agg(pl.col("tokens").first(), occurrences=pl.len().cast(pl.Int64), pieces=pl.col("pieces").first())
        .sort(["tokens", "occurrences", "word"], descending=[True, True, False])
        .head(top)
        .select(list(schema))
    )
