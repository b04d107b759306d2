"""The vocabulary lab under AppTest: each section renders, inputs change results, errors show."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.vocab_corpus import udhr_documents
from tokenlab.vocab_trim import memory_saved, trim_study

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/vocab_lab.py"


def open_section(section: str = "browse") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(PAGE)
    at.run()
    if section != "browse":
        at.segmented_control(key="lab_section").set_value(section).run()
    assert not at.exception
    return at


def test_browse_searches_and_shows_number_chunking() -> None:
    at = open_section()
    assert len(at.get("plotly_chart")) == 3
    assert at.metric[0].value == "up to 3 digits, left-to-right"
    at.text_input(key="browse_query").input("ization").run()
    assert at.dataframe[0].value["token"].tolist()[:3] == ["ization", "␣organization", "␣organizations"]
    at.selectbox(key="browse_tokenizer").set_value("gemma3").run()
    assert at.metric[0].value == "single digits"


def test_bad_regexes_show_the_library_message() -> None:
    at = open_section()
    at.radio(key="browse_mode").set_value("regex").run()
    at.text_input(key="browse_query").input("(unclosed").run()
    assert not at.exception
    assert at.error[0].value.startswith("'(unclosed' is not a valid regular expression")


def test_overlap_of_cl100k_and_llama3_and_a_single_pick() -> None:
    at = open_section("overlap")
    assert len(at.get("plotly_chart")) == 2
    at.multiselect(key="overlap_tokenizers").set_value(["cl100k_base", "llama3"]).run()
    assert any("share 100,256 entries (Jaccard 0.783); 0 are only in" in md.value for md in at.markdown)
    at.multiselect(key="overlap_tokenizers").set_value(["llama3"]).run()
    assert at.info[0].value == "Pick at least two tokenizers to compare."


def test_trim_metrics_match_the_library() -> None:
    at = open_section("trim")
    study = trim_study(tokenlab.load_tokenizer("gemma3"), udhr_documents(["eng"]))
    k = study.k_for(0.999)
    assert at.metric[0].value == f"{k:,}"
    assert at.metric[1].value == f"{memory_saved(262_145, k, 4096, 'bfloat16') / 1e9:,.2f} GB"
    at.toggle(key="trim_tied").set_value(True).run()
    assert at.metric[1].value == f"{memory_saved(262_145, k, 4096, 'bfloat16', tied=True) / 1e9:,.2f} GB"
    at.radio(key="trim_source").set_value("My text").run()
    assert at.error[0].value == "The text is empty; paste or upload some text, or pick UDHR languages."


def test_sweep_trains_on_pasted_text_and_offers_the_tokenizer() -> None:
    at = open_section("sweep")
    at.radio(key="sweep_source").set_value("My text").run()
    at.text_area(key="sweep_text").input("\n".join(udhr_documents(["eng", "fra", "deu_1996"]))).run()
    at.multiselect(key="sweep_sizes").set_value([1000, 2000]).run()
    at.selectbox(key="sweep_transition").set_value(1000).run()
    assert "Press **Train**" in at.info[0].value
    at.button(key="sweep_run").click().run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table["variant"].tolist() == ["BPE", "BPE", "superword BPE"] and table["V"].tolist()[:2] == [1000, 2000]
    assert table["chars/token"].is_monotonic_increasing
    assert len(at.get("plotly_chart")) == 1 and len(at.get("download_button")) == 1
