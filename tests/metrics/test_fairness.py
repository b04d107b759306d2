"""Per-language metrics and their views, on real UDHR counts in a temporary DuckDB."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tokenlab.metrics import corpus_metrics
from tokenlab.metrics.fairness import fragmented_words, language_table
from tokenlab.metrics.languages import (
    LANGUAGE_METRICS,
    NOT_COMPARED,
    compare_tokenizers,
    language_order,
    script_summary,
    worst_served,
    worst_served_grid,
)

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
    assert (
        chars.get_column("value").to_list()
        == corpus_metrics.compression(profile).get_column("chars_per_token").to_list()
    )


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
    assert words.row(0, named=True) == {
        "word": "Unbelievably",
        "tokens": 4,
        "occurrences": 1,
        "pieces": "Un · bel · iev · ably",
    }
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


@pytest.fixture(scope="module")
def bert_profile() -> tokenlab.Profile:
    corpus = tokenlab.load_corpus("udhr-subset", languages=["eng", "fra", "tha", "lao", "khm", "hin"])
    return tokenlab.profile_corpus(
        corpus, ["bert-base-uncased", "o200k_base"], store=tokenlab.Store(":memory:"), baselines=False
    )


def test_exports_carry_metric_unit_reference_coverage_and_articles(bert_profile: tokenlab.Profile) -> None:
    table = language_table(bert_profile, "parity", reference="fra")
    row = table.filter(pl.col("tokenizer") == "o200k_base", pl.col("group") == "hin").row(0, named=True)
    assert (row["metric"], row["unit"], row["reference"], row["articles"], row["coverage"]) == (
        "parity",
        "× reference tokens",
        "fra",
        30,
        1.0,
    )
    assert row["ci_low"] < row["value"] < row["ci_high"] and row["ranked"] and row["note"] == ""
    fertility = language_table(bert_profile, "fertility")
    units = dict(fertility.filter(pl.col("tokenizer") == "o200k_base").select("group", "word_unit").iter_rows())
    assert units == {
        "eng": "whitespace word",
        "fra": "whitespace word",
        "hin": "whitespace word",
        "tha": "word (ICU dictionary)",
        "lao": "word (ICU dictionary)",
        "khm": "word (ICU dictionary)",
    }


def test_bert_thai_lao_and_khmer_are_marked_and_never_ranked_cheaper_than_english(
    bert_profile: tokenlab.Profile,
) -> None:
    table = language_table(bert_profile, "parity")
    bert = table.filter(pl.col("tokenizer") == "bert-base-uncased")
    marked = bert.filter(pl.col("flagged"))
    assert sorted(marked.get_column("group")) == ["hin", "khm", "lao", "tha"]  # Hindi: virama and vowel signs stripped
    assert marked.filter(pl.col("value") < 1).height == 3  # cheaper than English, on paper
    assert not marked.get_column("ranked").any()
    thai = marked.filter(pl.col("group") == "tha").item(0, "note")
    assert thai.startswith("coverage 3.3% < 90%: 96.0% of characters are unknown tokens, 0.7% dropped")
    worst = worst_served(table, n=10)
    assert not worst.filter(pl.col("tokenizer") == "bert-base-uncased", pl.col("group").is_in(["tha", "lao"])).height
    comparison = compare_tokenizers(language_table(bert_profile, "chars_per_token"), "o200k_base", "bert-base-uncased")
    verdicts = dict(comparison.select("group", "verdict").iter_rows())
    assert verdicts["tha"] == verdicts["lao"] == verdicts["khm"] == NOT_COMPARED
    coverage = language_table(bert_profile, "coverage")
    assert coverage.get_column("ranked").all()  # coverage itself is never left out of its own ranking


def test_parity_without_ten_shared_articles_has_no_figure_and_says_why() -> None:
    corpus = tokenlab.load_corpus("udhr", languages=["eng", "taj"])
    profile = tokenlab.profile_corpus(corpus, ["o200k_base"], store=tokenlab.Store(":memory:"), baselines=False)
    row = language_table(profile, "parity").filter(pl.col("group") == "taj").row(0, named=True)
    assert (row["articles"], row["value"], row["ranked"]) == (1, None, False)
    assert row["note"] == "articles shared with eng: 1 (fewer than 10), so no parity figure"


def test_fragmented_words_keep_a_words_most_tokens_and_rank_by_occurrences() -> None:
    """GPT-2: the text's first "unbelievably." has no leading space, un|bel|iev|ably|. (5 tokens);
    the later one is " unbelievably|." (2); "so." is cut twice, "again;" once."""
    segmentation = tokenlab.load_tokenizer("gpt2").segment("unbelievably. so. so. I said unbelievably. again;")
    assert fragmented_words(segmentation).rows() == [
        ("unbelievably.", 5, 2, "un · bel · iev · ably · ."),
        ("so.", 2, 2, "so · ."),
        ("again;", 2, 1, "again · ;"),
    ]
    later = fragmented_words(tokenlab.load_tokenizer("gpt2").segment("I said unbelievably. again;"))
    assert later.get_column("word").to_list() == ["again;", "unbelievably."]  # after words left whole


def test_fragmented_words_lists_the_top_fifteen_and_keeps_its_columns_when_empty() -> None:
    words = (  # GPT-2 cuts 16 of these words into two or more tokens; " unbelievably" is one token
        "Tokenization unbelievably antidisestablishment Xylophones quizzically Zygomorphic bioluminescence "
        "onomatopoeia Mississippians floccinaucinihilipilification Kafkaesque hippopotamuses Czechoslovakia "
        "Pneumonoultramicroscopic Llanfairpwll Worcestershire Quetzalcoatl"
    )
    segmentation = tokenlab.load_tokenizer("gpt2").segment(words)
    assert (fragmented_words(segmentation).height, fragmented_words(segmentation, top=100).height) == (15, 16)
    columns = ["word", "tokens", "occurrences", "pieces"]
    assert fragmented_words(tokenlab.load_tokenizer("gpt2").segment("")).columns == columns
    assert fragmented_words(tokenlab.load_tokenizer("o200k_base").segment("the cat")).columns == columns  # none split


def test_notes_word_units_and_rankings_of_flagged_pairs(bert_profile: tokenlab.Profile) -> None:
    """BERT strips Hindi's virama and vowel signs (13.7% of characters) and has no piece for
    6.5% of them; coverage itself ranks every pair and needs no note."""
    parity = language_table(bert_profile, "parity").filter(pl.col("tokenizer") == "bert-base-uncased")
    assert parity.filter(pl.col("group") == "hin").item(0, "note") == (
        "coverage 79.8% < 90%: 6.5% of characters are unknown tokens, 13.7% dropped by the normalizer; "
        "the count understates the cost, so it is left out of rankings"
    )
    assert parity.get_column("word_unit").null_count() == parity.height  # parity counts tokens, not words
    coverage = language_table(bert_profile, "coverage").filter(pl.col("tokenizer") == "bert-base-uncased")
    flagged = coverage.filter(pl.col("flagged"))
    assert flagged.get_column("ranked").to_list() == [True] * 4
    assert flagged.get_column("note").to_list() == [""] * 4
    split = language_table(bert_profile, "word_split_rate").filter(pl.col("tokenizer") == "o200k_base")
    assert dict(split.select("group", "word_unit").iter_rows()) == {
        "eng": "whitespace word",
        "fra": "whitespace word",
        "hin": "whitespace word",
        "khm": "word (ICU dictionary)",
        "lao": "word (ICU dictionary)",
        "tha": "word (ICU dictionary)",
    }
