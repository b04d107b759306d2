"""Corpus metrics against hand-checked sentences, the raw tiktoken library and closed forms."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import polars as pl
import pytest

import tokenlab
from tests.reference import reference_encoder
from tokenlab import corpus_metrics
from tokenlab.corpora import Corpus, udhr

HAND_CHECKED = [  # group, text; o200k_base tokens checked with `python -m tokenlab tokenize`
    ("english", "Tokenization is unbelievably fascinating."),  # Token|ization| is| unbelievably| fascinating|.
    ("chinese", "人人生而自由"),  # 人人|生|而|自由
    ("tibetan", "བོད་ཡིག"),  # 12 byte-level tokens, 2 syllables
    ("thai", "ทุกคนมีสิทธิ"),  # ทุก|คน|มี|สิ|ทธิ
]


@pytest.fixture(scope="module")
def hand_profile() -> tokenlab.Profile:
    corpus = Corpus.from_rows("hand-checked", [(group, "0", text) for group, text in HAND_CHECKED])
    return tokenlab.profile_corpus(corpus, ["o200k_base"], store=tokenlab.Store(":memory:"), baselines=False)


@pytest.fixture(scope="module")
def udhr_profile() -> tokenlab.Profile:
    corpus = udhr(["eng", "fra", "jpn", "tha"])
    return tokenlab.profile_corpus(corpus, ["o200k_base", "bert-base-uncased", "llama2"], store=tokenlab.Store(":memory:"))


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
        "chinese": ("character", 6, 4, 0, 0),  # "人人" covers two units without splitting either
        "tibetan": ("syllable", 2, 12, 2, 10),  # 6 byte tokens per syllable, 5 of them continue it
        "thai": ("character", 12, 5, 0, 0),
    }
    for group, (unit, units, tokens, split_units, continuing) in expected.items():
        assert _row(fertility, "o200k_base", group) == {
            "tokenizer": "o200k_base", "group": group, "unit": unit, "words": units, "tokens": tokens,
            "fertility": pytest.approx(tokens / units)}
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
    assert row["ci_low"] < row["parity"] < row["ci_high"]


def test_parity_needs_the_reference_in_the_corpus(udhr_profile: tokenlab.Profile) -> None:
    with pytest.raises(tokenlab.CorpusError, match="'deu' is not in this corpus"):
        corpus_metrics.parity(udhr_profile, reference="deu")


def test_gini_is_zero_for_equal_costs_and_matches_the_pairwise_formula() -> None:
    parities = pl.DataFrame({"tokenizer": ["a", "a", "a", "b", "b"], "parity": [1.0, 1.0, 1.0, 1.0, 3.0]})
    gini = corpus_metrics.parity_gini(parities)
    assert gini.get_column("tokenizer").to_list() == ["a", "b"]
    assert gini.get_column("gini").to_list() == pytest.approx([0.0, 2 * 2 / (2 * 2**2 * 2.0)])


def test_unknown_characters_above_ten_percent_are_flagged(udhr_profile: tokenlab.Profile) -> None:
    rates = corpus_metrics.unknown_rates(udhr_profile)
    assert _row(rates, "bert-base-uncased", "tha")["flagged"] is True
    assert _row(rates, "bert-base-uncased", "eng")["flagged"] is False
    assert not rates.filter(pl.col("tokenizer") == "o200k_base").get_column("flagged").any()
    assert _row(rates, "llama2", "jpn")["byte_fallback_rate"] > 0.1
    assert _row(rates, "o200k_base", "jpn")["byte_fallback_tokens"] == 0


def test_baselines_count_bytes_and_code_points(udhr_profile: tokenlab.Profile) -> None:
    compression = corpus_metrics.compression(udhr_profile)
    for group in ("eng", "jpn"):
        assert _row(compression, "utf8-bytes", group)["tokens"] == _row(compression, "utf8-bytes", group)["bytes"]
        assert _row(compression, "unicode-chars", group)["tokens"] == _row(compression, "unicode-chars", group)["characters"]


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
        "o200k_base", "bert-base-uncased", "llama2", "utf8-bytes", "unicode-chars"]
    assert _row(summary, "o200k_base", "jpn")["name"] == "Japanese"
    assert {"fertility", "word_split_rate", "continuation_rate", "unknown_char_rate", "flagged"} <= set(summary.columns)
