"""The Languages page under AppTest, on a temporary DuckDB: widgets, links, empty and extreme selections."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.fairness import fragmented_words

OpenPage = Callable[..., AppTest]
PAGE = "pages/languages.py"
DEFAULT = ["o200k_base", "llama3", "qwen3", "gemma3", "mistral-v1", "bert-base-uncased"]


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def test_default_view_profiles_six_tokenizers_and_draws_every_chart(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert at.multiselect(key="lang_tokenizers").value == DEFAULT
    assert (at.selectbox(key="lang_metric").value, at.radio(key="lang_set").value) == ("parity", "curated")
    assert charts(at) == 4  # heatmap, ranked bars, map, A-vs-B comparison
    assert at.subheader[0].value == "Parity vs reference: 97 languages × 6 tokenizers"
    assert at.query_params["tok"] == ",".join(DEFAULT) and at.query_params["metric"] == "parity"
    worst = at.dataframe[1].value
    assert list(worst.columns) == ["rank", "GPT-4o (o200k_base)", *[tokenlab.tokenizer_info(t).label for t in DEFAULT[1:]]]
    assert len(at.get("download_button")) >= 10  # CSV and Parquet for every table
    assert len([h for h in at.get("html") if 'class="tl-seg' in h.proto.body]) == 6


def test_changing_the_metric_updates_the_link_and_disables_the_reference(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", ab="o200k_base,llama3")
    at.selectbox(key="lang_metric").set_value("chars_per_token").run()
    assert not at.exception
    assert at.query_params["metric"] == "chars_per_token"
    assert at.selectbox(key="lang_reference").disabled
    assert at.subheader[0].value.startswith("Characters per token: 97 languages")


def test_no_tokenizer_asks_for_one(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="")
    assert at.info[0].value == "Pick at least one tokenizer." and charts(at) == 0


def test_one_script_with_one_language(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", scripts="Mymr", ab="o200k_base,llama3")
    assert at.multiselect(key="lang_scripts").value == ["Mymr"]
    assert at.subheader[0].value == "Parity vs reference: 1 language × 2 tokenizers"
    assert at.selectbox(key="lang_drill").value == "mya" and charts(at) == 4


def test_all_udhr_languages_with_two_tokenizers(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,mistral-v1", set="all", ab="o200k_base,mistral-v1")
    languages = tokenlab.corpora.udhr_languages().height
    assert at.subheader[0].value == f"Parity vs reference: {languages} languages × 2 tokenizers"
    assert at.query_params["set"] == "all" and charts(at) == 4


def test_drill_down_lists_the_most_fragmented_words_of_the_pick(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,mistral-v1", ab="o200k_base,mistral-v1")
    at.selectbox(key="lang_drill").set_value("tam").run()
    at.selectbox(key="lang_drill_tokenizer").set_value("mistral-v1").run()
    assert not at.exception
    tamil = tokenlab.load_corpus("udhr-subset").documents.filter(pl.col("group") == "tam").get_column("text")
    expected = fragmented_words(tokenlab.load_tokenizer("mistral-v1").segment("\n".join(tamil)))
    shown = next(d.value for d in at.dataframe if "pieces" in d.value.columns)
    assert shown["word"].tolist() == expected.get_column("word").to_list()
    assert len([h for h in at.get("html") if 'class="tl-seg' in h.proto.body]) == 2


def test_link_restores_the_state_and_ignores_unknown_values(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="qwen3,nope", metric="fertility", ref="fra", scripts="Cyrl,Xxxx", ab="gpt2,nope")
    assert at.multiselect(key="lang_tokenizers").value == ["qwen3"]
    assert at.selectbox(key="lang_metric").value == "fertility"
    assert at.multiselect(key="lang_scripts").value == ["Cyrl"]
    assert (at.selectbox(key="lang_a").value, at.selectbox(key="lang_b").value) == ("gpt2", "o200k_base")
    assert at.selectbox(key="lang_reference").value == "fra"
