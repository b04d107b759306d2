"""Per-language metrics and their views, on real UDHR counts in a temporary DuckDB."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tokenlab import corpus_metrics
from tokenlab.fairness import (
    LANGUAGE_METRICS, compare_tokenizers, fragmented_words, language_order, language_table, script_summary,
    worst_served, worst_served_grid,
)  # fmt: skip

LANGUAGES = ["eng", "fra", "rus", "hin", "mya", "cmn_hans"]
TOKENIZERS = ["o200k_base", "mistral-v1"]


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> tokenlab.Profile:
    store = tokenlab.Store(Path(tmp_path_factory.mktemp("fairness")) / "profiles.duckdb")
    corpus = tokenlab.load_corpus("udhr-subset", languages=LANGUAGES)
    return tokenlab.profile_corpus(corpus, TOKENIZERS, store=store, baselines=False)


@pytest.mark.parametrize("metric", list(LANGUAGE_METRICS))
def test_every_metric_gives_one_row_per_tokenizer_and_language(profile: tokenlab.Profile, metric: str) -> None:
    table = language_table(profile, metric)
    assert table.height == len(TOKENIZERS) * len(LANGUAGES)
    assert table.get_column("tokenizer").unique(maintain_order=True).to_list() == TOKENIZERS
    assert table.filter(pl.col("group") == "hin").get_column("script_name").unique().to_list() == ["Devanagari"]
    assert table.get_column("latitude").null_count() == 0


def test_values_are_those_of_corpus_metrics(profile: tokenlab.Profile) -> None:
    parity = language_table(profile, "parity").filter(pl.col("tokenizer") == "o200k_base")
    expected = corpus_metrics.parity(profile).filter(pl.col("tokenizer") == "o200k_base")
    assert parity.get_column("value").to_list() == expected.get_column("parity").to_list()
    assert parity.filter(pl.col("group") == "eng").get_column("value").item() == 1.0
    chars = language_table(profile, "chars_per_token")
    assert chars.get_column("value").to_list() == corpus_metrics.compression(profile).get_column("chars_per_token").to_list()


def test_parity_restricted_to_some_languages_leaves_out_the_reference(profile: tokenlab.Profile) -> None:
    table = language_table(profile, "parity", groups=["hin", "mya"])
    assert sorted(table.get_column("group").unique()) == ["hin", "mya"]


def test_unknown_metric_names_the_valid_ones(profile: tokenlab.Profile) -> None:
    with pytest.raises(ValueError, match="choose one of parity, fertility"):
        language_table(profile, "speed")


def test_burmese_is_worst_served_and_english_best_by_parity(profile: tokenlab.Profile) -> None:
    table = language_table(profile, "parity")
    order = language_order(table)
    assert order[-1] == "eng" and order[0] in ("mya", "hin")
    worst = worst_served(table, n=2)
    assert worst.get_column("tokenizer").to_list() == ["o200k_base", "o200k_base", "mistral-v1", "mistral-v1"]
    assert worst.get_column("rank").to_list() == [1, 2, 1, 2]
    grid = worst_served_grid(worst)
    assert grid.columns == ["rank", *TOKENIZERS] and grid.height == 2
    assert grid.item(0, "o200k_base").startswith(worst.item(0, "name") + " (")


def test_higher_is_better_metrics_rank_the_lowest_as_worst(profile: tokenlab.Profile) -> None:
    table = language_table(profile, "chars_per_token")
    worst = worst_served(table, n=1, higher_is_worse=False)
    for tokenizer, value in worst.select("tokenizer", "value").iter_rows():
        assert value == table.filter(pl.col("tokenizer") == tokenizer).get_column("value").min()


def test_script_summary_counts_languages_and_takes_medians(profile: tokenlab.Profile) -> None:
    table = language_table(profile, "fertility")
    summary = script_summary(table)
    assert summary.columns == ["script", "script_name", "languages", *TOKENIZERS]
    latin = summary.filter(pl.col("script") == "Latn")
    assert latin.get_column("languages").item() == 2
    values = table.filter(pl.col("script") == "Latn", pl.col("tokenizer") == "mistral-v1").get_column("value")
    assert latin.get_column("mistral-v1").item() == pytest.approx(values.median())


def test_comparison_reports_cheaper_and_dearer_on_token_counts(profile: tokenlab.Profile) -> None:
    comparison = compare_tokenizers(language_table(profile, "chars_per_token"), "mistral-v1", "o200k_base")
    assert comparison.height == len(LANGUAGES)
    hindi = comparison.filter(pl.col("group") == "hin").row(0, named=True)
    assert hindi["ratio"] == hindi["tokens_b"] / hindi["tokens_a"] and hindi["verdict"] == "cheaper"
    assert comparison.get_column("ratio").is_sorted()
    same = compare_tokenizers(language_table(profile, "chars_per_token"), "o200k_base", "o200k_base")
    assert set(same.get_column("verdict")) == {"same"}


def test_fragmented_words_lists_split_words_with_their_pieces() -> None:
    segmentation = tokenlab.load_tokenizer("gpt2").segment("unbelievably fast. Unbelievably so, antidisestablishment")
    words = fragmented_words(segmentation)
    assert words.row(0, named=True) == {"word": "Unbelievably", "tokens": 4, "occurrences": 1,
                                        "pieces": "Un · bel · iev · ably"}  # fmt: skip
    assert words.filter(pl.col("word") == "antidisestablishment").item(0, "pieces") == "ant · idis · establishment"
    assert words.get_column("tokens").is_sorted(descending=True) and words.get_column("tokens").min() >= 2
    for word, pieces in words.select("word", "pieces").iter_rows():
        assert "".join(pieces.split(" · ")) == word  # pieces are the word cut where the tokenizer cuts it


def test_fragmented_words_shows_partial_characters_as_bytes() -> None:
    words = fragmented_words(tokenlab.load_tokenizer("gpt2").segment("ကမ္ဘာ"))
    assert "<0x" in words.item(0, "pieces")


def test_fragmented_words_of_nothing_is_empty() -> None:
    assert fragmented_words(tokenlab.load_tokenizer("gpt2").segment("")).is_empty()
    assert fragmented_words(tokenlab.load_tokenizer("o200k_base").segment("the cat")).is_empty()
