"""The Languages page under AppTest, on a temporary DuckDB: widgets, links, empty and extreme selections."""

from __future__ import annotations

import json
from collections.abc import Callable

import polars as pl
import sentencepiece as spm
from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab import settings

OpenPage = Callable[..., AppTest]
PAGE = "pages/languages.py"
DEFAULT = ["o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "mistral-v1"]
PARITY = "Parity vs reference (tokenization premium)"


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def test_default_view_profiles_six_tokenizers_and_draws_every_chart(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert at.multiselect(key="lang_tokenizers").value == DEFAULT
    assert (at.selectbox(key="lang_metric").value, at.radio(key="lang_set").value) == ("parity", "curated")
    assert charts(at) == 4  # heatmap, ranked bars, map, A-vs-B comparison
    assert at.subheader[0].value == f"{PARITY}: 96 languages × 6 tokenizers"
    assert at.query_params["tok"] == ",".join(DEFAULT) and at.query_params["metric"] == "parity"
    assert not at.warning  # no pair of the default set is below the coverage threshold
    worst = next(d.value for d in at.dataframe if d.value.columns[0] == "rank")
    assert list(worst.columns) == [
        "rank",
        "GPT-4o (o200k_base)",
        *[tokenlab.tokenizer_info(t).label for t in DEFAULT[1:]],
    ]
    assert len(at.get("download_button")) >= 10  # CSV and Parquet for every table
    assert len([h for h in at.get("html") if 'class="tl-seg' in h.proto.body]) == 6


def test_changing_the_metric_updates_the_link_and_disables_the_reference(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", ab="o200k_base,llama3")
    at.selectbox(key="lang_metric").set_value("chars_per_token").run()
    assert not at.exception
    assert at.query_params["metric"] == "chars_per_token"
    assert at.selectbox(key="lang_reference").disabled
    assert at.subheader[0].value.startswith("Characters per token: 96 languages")


def test_no_tokenizer_asks_for_one(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="")
    assert at.info[0].value == "Pick at least one tokenizer." and charts(at) == 0


def test_one_script_with_one_language(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", scripts="Mymr", ab="o200k_base,llama3")
    assert at.multiselect(key="lang_scripts").value == ["Mymr"]
    assert at.subheader[0].value == f"{PARITY}: 1 language × 2 tokenizers"
    assert at.selectbox(key="lang_drill").value == "mya" and charts(at) == 4


def test_all_udhr_languages_with_two_tokenizers(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,mistral-v1", set="all", ab="o200k_base,mistral-v1")
    languages = tokenlab.corpora.udhr_languages().height
    assert at.subheader[0].value == f"{PARITY}: {languages} languages × 2 tokenizers"
    assert at.query_params["set"] == "all" and charts(at) == 4


def test_bert_pairs_it_cannot_read_are_announced_explained_and_left_out_of_the_gini(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,bert-base-uncased", ab="o200k_base,bert-base-uncased")
    assert not at.exception
    warning = at.warning[0].value
    assert warning.startswith("37 tokenizer × language pairs with coverage below 90%") and "Thai" in warning
    figures = next(d.value for d in at.dataframe if "note" in d.value.columns)
    thai = figures[(figures["name"] == "Thai") & (figures["tokenizer"] == "BERT base uncased")]
    assert thai["note"].item().startswith("coverage 3.3% < 90%")
    gini = next(d.value for d in at.dataframe if "left_out" in d.value.columns)
    # The 37 flagged pairs announced above, all BERT's, are the ones its Gini leaves out.
    assert gini["left_out"].tolist() == [0, 37]
    assert any("not compared" in m.value for m in at.markdown)


def test_drill_down_lists_the_most_fragmented_words_of_the_pick(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,mistral-v1", ab="o200k_base,mistral-v1")
    at.selectbox(key="lang_drill").set_value("tam").run()
    at.selectbox(key="lang_drill_tokenizer").set_value("mistral-v1").run()
    assert not at.exception
    tamil = tokenlab.load_corpus("udhr-subset").documents.filter(pl.col("group") == "tam").get_column("text")
    shown = next(d.value for d in at.dataframe if "pieces" in d.value.columns)
    # Raw SentencePiece cuts each (whitespace-separated) Tamil word on its own, so its pieces of a
    # word alone are the pieces in context, less the "▁" that stands for the space before it.
    processor = spm.SentencePieceProcessor(model_file=str(settings.TOKENIZER_DIR / "mistral/mistral_7b_v01.model"))

    def pieces(word: str) -> list[str]:
        return [piece.lstrip("▁") or piece for piece in processor.encode(word, out_type=str) if piece != "▁"]

    assert len(shown) == 15
    assert shown["tokens"].tolist() == [len(pieces(word)) for word in shown["word"]]
    assert shown["pieces"].tolist() == [" · ".join(pieces(word)) for word in shown["word"]]
    assert shown["tokens"].tolist() == sorted(shown["tokens"], reverse=True)
    assert shown["tokens"].iloc[0] == max(len(pieces(word)) for text in tamil for word in text.split()) == 27
    assert len([h for h in at.get("html") if 'class="tl-seg' in h.proto.body]) == 2


def test_link_restores_the_state_and_ignores_unknown_values(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="qwen3,nope", metric="fertility", ref="fra", scripts="Cyrl,Xxxx", ab="gpt2,nope")
    assert at.multiselect(key="lang_tokenizers").value == ["qwen3"]
    assert at.selectbox(key="lang_metric").value == "fertility"
    assert at.multiselect(key="lang_scripts").value == ["Cyrl"]
    assert (at.selectbox(key="lang_a").value, at.selectbox(key="lang_b").value) == ("gpt2", "o200k_base")
    assert at.selectbox(key="lang_reference").value == "fra"


def heatmap_rows(at: AppTest) -> list[str]:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]


def test_the_charts_show_the_worst_served_or_the_languages_found(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3")
    assert at.selectbox(key="lang_top").value == 0 and len(heatmap_rows(at)) == 96  # 96 fit: all of them
    at.selectbox(key="lang_top").set_value(30).run()
    rows = heatmap_rows(at)
    assert len(rows) == 30 and "English (Latin)" not in rows
    assert any("The charts show 30 of the 96 languages" in caption.value for caption in at.caption)
    at.text_input(key="lang_find").input("swahili").run()
    assert heatmap_rows(at) == ["Swahili (Latin)"]
    at.text_input(key="lang_find").input("klingon").run()
    assert at.info[0].value.startswith("No language here matches that search")
