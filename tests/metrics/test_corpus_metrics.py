"""Corpus metrics against hand-checked sentences, the raw tiktoken library and closed forms."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np
import polars as pl
import pytest

import tokenlab
from tests.reference import reference_encoder
from tokenlab.corpora import Corpus, udhr
from tokenlab.metrics import corpus_metrics

HAND_CHECKED = [  # group, text; o200k_base tokens checked with `python -m tokenlab tokenize`
    ("english", "Tokenization is unbelievably fascinating."),  # Token|ization| is| unbelievably| fascinating|.
    ("chinese", "人人生而自由"),  # 人人|生|而|自由; ICU words 人|人生|而|自由
    ("tibetan", "བོད་ཡིག"),  # 12 byte-level tokens, 2 syllables
    ("thai", "ทุกคนมีสิทธิ"),  # ทุก|คน|มี|สิ|ทธิ; ICU words ทุก|คน|มี|สิทธิ
]


@pytest.fixture(scope="module")
def hand_profile() -> tokenlab.Profile:
    corpus = Corpus.from_rows("hand-checked", [(group, "0", text) for group, text in HAND_CHECKED])
    return tokenlab.profile_corpus(corpus, ["o200k_base"], store=tokenlab.Store(":memory:"), baselines=False)


@pytest.fixture(scope="module")
def udhr_profile() -> tokenlab.Profile:
    corpus = udhr(["eng", "fra", "jpn", "tha"])
    return tokenlab.profile_corpus(
        corpus, ["o200k_base", "bert-base-uncased", "llama2"], store=tokenlab.Store(":memory:")
    )


def _row(frame: pl.DataFrame, tokenizer: str, group: str) -> dict[str, object]:
    return frame.filter((pl.col("tokenizer") == tokenizer) & (pl.col("group") == group)).row(0, named=True)


def test_english_udhr_o200k_token_count_equals_tiktokens(udhr_profile: tokenlab.Profile) -> None:
    encode = reference_encoder("o200k_base")
    expected = sum(len(encode(text)) for text in udhr(["eng"]).texts)
    assert _row(corpus_metrics.compression(udhr_profile), "o200k_base", "eng")["tokens"] == expected == 1524


def test_compression_ratios_are_ratios_of_sums(udhr_profile: tokenlab.Profile) -> None:
    row = _row(corpus_metrics.compression(udhr_profile), "o200k_base", "eng")
    assert (row["documents"], row["characters"], row["bytes"]) == (30, 8247, 8257)
    assert row["chars_per_token"] == pytest.approx(8247 / 1524)
    assert row["bytes_per_token"] == pytest.approx(8257 / 1524)
    assert row["tokens_per_1k_chars"] == pytest.approx(1000 * 1524 / 8247)


def test_fertility_split_and_continuation_on_hand_checked_sentences(hand_profile: tokenlab.Profile) -> None:
    fertility = corpus_metrics.fertility(hand_profile)
    split = corpus_metrics.word_split_rate(hand_profile)
    continuation = corpus_metrics.continuation_rate(hand_profile)
    expected = {  # group: (unit, units, tokens, split units, continuation tokens)
        "english": ("word", 4, 6, 2, 2),  # "Tokenization" and "fascinating." split; "ization", "." continue
        "chinese": ("icu_word", 4, 4, 1, 1),  # "人人" | "生" cut the word 人生; "生" continues it
        "tibetan": ("syllable", 2, 12, 2, 10),  # 6 byte tokens per syllable, 5 of them continue it
        "thai": ("icu_word", 4, 5, 1, 1),  # สิ | ทธิ cut สิทธิ
    }
    for group, (unit, units, tokens, split_units, continuing) in expected.items():
        assert _row(fertility, "o200k_base", group) == {
            "tokenizer": "o200k_base",
            "group": group,
            "unit": unit,
            "words": units,
            "tokens": tokens,
            "fertility": pytest.approx(tokens / units),
        }
        assert _row(split, "o200k_base", group)["split_words"] == split_units
        assert _row(split, "o200k_base", group)["word_split_rate"] == pytest.approx(split_units / units)
        assert _row(continuation, "o200k_base", group)["continuation_tokens"] == continuing
        assert _row(continuation, "o200k_base", group)["continuation_rate"] == pytest.approx(continuing / tokens)


def test_parity_of_the_reference_language_is_exactly_one(udhr_profile: tokenlab.Profile) -> None:
    parity = corpus_metrics.parity(udhr_profile)
    for tokenizer in udhr_profile.tokenizer_ids:
        row = _row(parity, tokenizer, "eng")
        assert (row["parity"], row["ci_low"], row["ci_high"], row["articles"]) == (1.0, 1.0, 1.0, 30)


def test_parity_is_a_ratio_of_article_sums_with_a_deterministic_interval(udhr_profile: tokenlab.Profile) -> None:
    first = corpus_metrics.parity(udhr_profile, reference="fra")
    assert first.equals(corpus_metrics.parity(udhr_profile, reference="fra"))
    compression = corpus_metrics.compression(udhr_profile)
    row = _row(first, "o200k_base", "eng")
    eng, fra = (_row(compression, "o200k_base", g)["tokens"] for g in ("eng", "fra"))
    assert row["parity"] == pytest.approx(eng / fra)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(_interval("eng", "fra"), rel=1e-12)


def _articles(code: str, encode: Callable[[str], list[int]]) -> dict[str, int]:
    """Tokens per UDHR article of one version, from the raw library."""
    documents = udhr([code]).documents
    return {part: len(encode(text)) for part, text in documents.select("part", "text").iter_rows()}


def _percentile_bootstrap(own: np.ndarray, ref: np.ndarray, confidence: float) -> tuple[float, float]:
    """Efron's percentile interval of sum(own) / sum(ref) over articles drawn with replacement:
    1,000 resamples, each the number of times every article is drawn in n draws (numpy's
    generator seeded 0, as README's "1,000 resamples, seeded" says), cut at the two tails."""
    n = len(own)
    draws = np.random.default_rng(0).multinomial(n, [1 / n] * n, size=1000)
    ratios = (draws @ own) / (draws @ ref)
    low, high = np.percentile(ratios, [50 * (1 - confidence), 50 * (1 + confidence)])
    return float(low), float(high)


def _interval(code: str, reference: str) -> tuple[float, float]:
    """The 95% interval of o200k_base's parity for `code`, over the articles it shares with `reference`."""
    encode = reference_encoder("o200k_base")
    own, ref = _articles(code, encode), _articles(reference, encode)
    parts = sorted(own.keys() & ref.keys())
    return _percentile_bootstrap(
        np.array([own[p] for p in parts], float), np.array([ref[p] for p in parts], float), 0.95
    )


def test_parity_interval_is_the_95_percent_percentile_bootstrap(udhr_profile: tokenlab.Profile) -> None:
    encode = reference_encoder("o200k_base")
    eng, fra = _articles("eng", encode), _articles("fra", encode)
    assert len(eng) == len(fra) == 30
    parts = sorted(eng)  # the articles in the order of their ids as text ("1", "10", "11", ...)
    own = np.array([fra[part] for part in parts], dtype=float)
    ref = np.array([eng[part] for part in parts], dtype=float)
    low, high = _percentile_bootstrap(own, ref, 0.95)
    row = _row(corpus_metrics.parity(udhr_profile), "o200k_base", "fra")
    assert (row["articles"], row["tokens"], row["reference_tokens"]) == (30, 2016, 1524)
    assert row["parity"] == 2016 / 1524
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    assert (round(low, 3), round(high, 3)) == (1.282, 1.370)  # the README's figures
    # 95% of the resampled ratios fall inside: a narrower (50%) interval would hold half.
    draws = np.random.default_rng(0).multinomial(30, [1 / 30] * 30, size=1000)
    inside = np.mean(
        ((draws @ own) / (draws @ ref) >= row["ci_low"]) & ((draws @ own) / (draws @ ref) <= row["ci_high"])
    )
    assert inside == pytest.approx(0.95, abs=0.002)


def test_parity_needs_the_reference_in_the_corpus(udhr_profile: tokenlab.Profile) -> None:
    with pytest.raises(tokenlab.CorpusError, match="'deu' is not in this corpus"):
        corpus_metrics.parity(udhr_profile, reference="deu")


def test_gini_is_zero_for_equal_costs_and_matches_the_pairwise_formula() -> None:
    parities = pl.DataFrame(
        {
            "tokenizer": ["a", "a", "a", "a", "b", "b", "b", "b"],
            "group": ["ref", "x", "y", "z", "ref", "x", "y", "z"],
            "reference": ["ref"] * 8,
            "parity": [1.0, 2.0, 2.0, 2.0, 1.0, 1.0, 3.0, 0.2],
            "flagged": [False, False, False, False, False, False, False, True],
        }
    )
    gini = corpus_metrics.parity_gini(parities)
    assert gini.get_column("tokenizer").to_list() == ["a", "b"]
    # The reference (1.0 by definition) is not among the languages; b's flagged z (0.2) is left out.
    assert gini.select("languages", "left_out").rows() == [(3, 0), (2, 1)]
    assert gini.get_column("gini").to_list() == pytest.approx([0.0, 2 * 2 / (2 * 2**2 * 2.0)])


def test_bert_gini_leaves_out_what_it_cannot_read(udhr_profile: tokenlab.Profile) -> None:
    gini = corpus_metrics.parity_gini(corpus_metrics.parity(udhr_profile))
    # Thai (unknown) and Japanese (kana lose their voicing marks, unknown kanji)
    assert _row(gini.with_columns(group=pl.lit("")), "bert-base-uncased", "")["left_out"] == 2
    assert _row(gini.with_columns(group=pl.lit("")), "o200k_base", "")["left_out"] == 0


def test_parity_needs_ten_shared_articles() -> None:
    profile = tokenlab.profile_corpus(
        udhr(["eng", "taj", "ike"]), ["o200k_base"], store=tokenlab.Store(":memory:"), baselines=False
    )
    parity = corpus_metrics.parity(profile)
    taj, ike = _row(parity, "o200k_base", "taj"), _row(parity, "o200k_base", "ike")
    assert (taj["articles"], taj["parity"], taj["ci_low"], taj["ci_high"]) == (1, None, None, None)
    assert ike["articles"] == 23
    assert (ike["ci_low"], ike["ci_high"]) == pytest.approx(_interval("ike", "eng"), rel=1e-12)


def test_coverage_below_ninety_percent_is_flagged(udhr_profile: tokenlab.Profile) -> None:
    rates = corpus_metrics.unknown_rates(udhr_profile)
    assert _row(rates, "bert-base-uncased", "tha")["coverage"] == pytest.approx(1 - (6996 + 54) / 7290)
    assert _row(rates, "bert-base-uncased", "fra")["coverage"] == pytest.approx(1 - 297 / 9276)  # accents stripped
    assert _row(rates, "bert-base-uncased", "tha")["flagged"] is True
    assert _row(rates, "bert-base-uncased", "eng")["flagged"] is False
    assert not rates.filter(pl.col("tokenizer") == "o200k_base").get_column("flagged").any()
    # Llama 2's byte pieces <0x00>..<0xFF> are ids 3..258: counted in the raw library's ids.
    ids = [i for text in udhr(["jpn"]).texts for i in reference_encoder("llama2")(text)]
    fallback = sum(3 <= i <= 258 for i in ids)
    assert (fallback, len(ids)) == (1448, 4320)
    jpn = _row(rates, "llama2", "jpn")
    assert (jpn["byte_fallback_tokens"], jpn["byte_fallback_rate"]) == (fallback, pytest.approx(fallback / len(ids)))
    assert _row(rates, "o200k_base", "jpn")["byte_fallback_tokens"] == 0


def test_rates_of_chosen_languages_only(udhr_profile: tokenlab.Profile) -> None:
    rates = corpus_metrics.unknown_rates(udhr_profile, groups=["tha"])
    assert rates.select("tokenizer", "group").rows() == [
        (t, "tha") for t in ("o200k_base", "bert-base-uncased", "llama2", "utf8-bytes", "unicode-chars")
    ]
    assert _row(rates, "bert-base-uncased", "tha")["coverage"] == pytest.approx(1 - (6996 + 54) / 7290)


def test_baselines_count_bytes_and_code_points(udhr_profile: tokenlab.Profile) -> None:
    compression = corpus_metrics.compression(udhr_profile)
    for group in ("eng", "jpn"):
        assert _row(compression, "utf8-bytes", group)["tokens"] == _row(compression, "utf8-bytes", group)["bytes"]
        assert (
            _row(compression, "unicode-chars", group)["tokens"]
            == _row(compression, "unicode-chars", group)["characters"]
        )


def test_vocab_utilisation_of_utf8_bytes_is_the_share_of_byte_values_used(udhr_profile: tokenlab.Profile) -> None:
    data = "".join(udhr(["eng", "fra", "jpn", "tha"]).texts).encode("utf-8")
    row = _row(corpus_metrics.vocab_utilisation(udhr_profile), "utf8-bytes", corpus_metrics.ALL_GROUPS)
    assert row["distinct_tokens"] == len(set(data))
    assert row["utilisation"] == pytest.approx(len(set(data)) / 256)


def test_shannon_and_renyi_efficiency_match_their_formulas(udhr_profile: tokenlab.Profile) -> None:
    encode = reference_encoder("o200k_base")
    counts = Counter(token for text in udhr(["eng"]).texts for token in encode(text))
    p = np.array(list(counts.values()), dtype=float) / sum(counts.values())
    log_v = math.log(tokenlab.load_tokenizer("o200k_base").vocab_size)
    row = _row(corpus_metrics.efficiency(udhr_profile, groups=["eng"]), "o200k_base", corpus_metrics.ALL_GROUPS)
    assert row["shannon_efficiency"] == pytest.approx(-(p * np.log(p)).sum() / log_v)
    assert row["renyi_efficiency"] == pytest.approx(math.log((p**2.5).sum()) / (1 - 2.5) / log_v)
    with pytest.raises(ValueError, match="alpha"):
        corpus_metrics.efficiency(udhr_profile, alpha=1.0)


def test_summary_has_every_rate_and_the_language_name(udhr_profile: tokenlab.Profile) -> None:
    summary = corpus_metrics.summary(udhr_profile)
    assert summary.height == 5 * 4
    assert summary.get_column("tokenizer").unique(maintain_order=True).to_list() == [
        "o200k_base",
        "bert-base-uncased",
        "llama2",
        "utf8-bytes",
        "unicode-chars",
    ]
    assert _row(summary, "o200k_base", "jpn")["name"] == "Japanese"
    assert {"fertility", "word_split_rate", "continuation_rate", "unknown_char_rate", "coverage", "flagged"} <= set(
        summary.columns
    )


@pytest.mark.parametrize(
    "metric",
    [
        corpus_metrics.compression,
        corpus_metrics.fertility,
        corpus_metrics.word_split_rate,
        corpus_metrics.continuation_rate,
        corpus_metrics.coverage,
        corpus_metrics.summary,
        corpus_metrics.vocab_utilisation,
    ],
)
def test_a_metric_of_chosen_languages_is_their_rows_of_the_whole(
    udhr_profile: tokenlab.Profile, metric: Callable[..., pl.DataFrame]
) -> None:
    whole = metric(udhr_profile, by_group=True)
    assert set(whole.get_column("group")) == {"eng", "fra", "jpn", "tha"}
    chosen = metric(udhr_profile, groups=["jpn", "tha"], by_group=True)
    assert chosen.equals(whole.filter(pl.col("group").is_in(["jpn", "tha"])))


def test_efficiency_and_utilisation_by_language_equal_each_language_alone(udhr_profile: tokenlab.Profile) -> None:
    everything = corpus_metrics.ALL_GROUPS
    for metric, column in (
        (corpus_metrics.efficiency, "shannon_efficiency"),
        (corpus_metrics.vocab_utilisation, "utilisation"),
    ):
        by_language = metric(udhr_profile, by_group=True)
        assert set(by_language.get_column("group")) == {"eng", "fra", "jpn", "tha"}
        for group in ("eng", "tha"):
            alone = _row(metric(udhr_profile, groups=[group]), "o200k_base", everything)[column]
            assert _row(by_language, "o200k_base", group)[column] == pytest.approx(alone, rel=1e-12)


def test_renyi_order_must_be_positive_and_not_one(udhr_profile: tokenlab.Profile) -> None:
    encode = reference_encoder("o200k_base")
    counts = Counter(token for text in udhr(["eng"]).texts for token in encode(text))
    p = np.array(list(counts.values()), dtype=float) / sum(counts.values())
    log_v = math.log(tokenlab.load_tokenizer("o200k_base").vocab_size)
    half = _row(
        corpus_metrics.efficiency(udhr_profile, groups=["eng"], alpha=0.5), "o200k_base", corpus_metrics.ALL_GROUPS
    )
    assert half["renyi_efficiency"] == pytest.approx(math.log((p**0.5).sum()) / (1 - 0.5) / log_v)
    for alpha in (0.0, -1.0, 1.0):
        with pytest.raises(ValueError, match="alpha must be positive and not 1"):
            corpus_metrics.efficiency(udhr_profile, alpha=alpha)


def test_parity_carries_the_languages_coverage(udhr_profile: tokenlab.Profile) -> None:
    thai = _row(corpus_metrics.parity(udhr_profile), "bert-base-uncased", "tha")
    assert thai["coverage"] == pytest.approx(1 - (6996 + 54) / 7290)
    assert thai["flagged"] is True


def test_the_article_minimum_is_inclusive_and_no_figure_means_no_interval(udhr_profile: tokenlab.Profile) -> None:
    at_the_minimum = _row(corpus_metrics.parity(udhr_profile, min_articles=30), "o200k_base", "fra")
    assert at_the_minimum["articles"] == 30 and at_the_minimum["parity"] is not None
    too_few = corpus_metrics.parity(udhr_profile, min_articles=31)
    assert too_few.select("parity", "ci_low", "ci_high").null_count().row(0) == (too_few.height,) * 3
    assert too_few.schema["parity"] == too_few.schema["ci_low"] == pl.Float64  # typed even when all null


def test_bootstrap_by_hand() -> None:
    one = corpus_metrics._bootstrap(np.array([3.0]), np.array([2.0]), 1000, 0.95, 0, min_articles=1)
    assert (one["parity"], one["ci_low"], one["ci_high"]) == (1.5, 1.5, 1.5)  # one article: no spread
    # Two articles: resamples give (3+3)/4, (3+5)/4 or (5+5)/4, so the 95% interval spans both ends.
    two = corpus_metrics._bootstrap(np.array([3.0, 5.0]), np.array([2.0, 2.0]), 1000, 0.95, 0, min_articles=1)
    assert (two["parity"], two["ci_low"], two["ci_high"]) == (2.0, 1.5, 2.5)


def test_gini_without_coverage_flags_counts_every_language_and_keeps_fully_flagged_tokenizers() -> None:
    parities = pl.DataFrame(
        {
            "tokenizer": ["b", "b", "b", "a", "a", "a"],
            "group": ["ref", "x", "y", "ref", "x", "y"],
            "reference": ["ref"] * 6,
            "parity": [1.0, 1.0, 3.0, 1.0, 2.0, None],
        }
    )
    gini = corpus_metrics.parity_gini(parities)  # no `flagged` column: nothing is left out
    assert gini.rows() == [("b", 2, 0, pytest.approx(0.25)), ("a", 1, 0, pytest.approx(0.0))]  # a's null parity skipped
    flagged = corpus_metrics.parity_gini(parities.with_columns(flagged=pl.col("tokenizer") == "a"))
    assert flagged.rows() == [("b", 2, 0, pytest.approx(0.25)), ("a", 0, 1, None)]
    unknown = parities.with_columns(flagged=pl.when(pl.col("tokenizer") == "a").then(True))  # b's flags null
    assert corpus_metrics.parity_gini(unknown).rows() == flagged.rows()  # an unknown flag leaves nothing out
