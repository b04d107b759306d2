"""The vocabulary lab under AppTest: each section renders, inputs change results, errors show."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.text.markup import markdown_text
from tokenlab.text.share import MISSING_TEXT, text_key
from tokenlab.vocab.corpus import bounded, split_held_out, udhr_documents
from tokenlab.vocab.trim import memory_saved, trim_study

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/vocab_lab.py"
# Long texts are kept for links in the profile cache: a throwaway one, never the user's.
pytestmark = pytest.mark.usefixtures("temporary_store")


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
    assert at.error[0].value == markdown_text(
        "'(unclosed' is not a regular expression tokenlab can search with: unclosed group. "
        "Look-around and backreferences are not supported."
    )


def test_overlap_of_cl100k_and_llama3_and_a_single_pick() -> None:
    at = open_section("overlap")
    assert len(at.get("plotly_chart")) == 2
    at.multiselect(key="overlap_tokenizers").set_value(["cl100k_base", "llama3"]).run()
    assert any(
        md.value.startswith("**GPT-4 / GPT-3.5 (cl100k_base)** and **Llama 3**")
        and "share 100,256 entries (Jaccard 0.783); 0 are only in GPT-4 / GPT-3.5 (cl100k_base)" in md.value
        for md in at.markdown
    )
    at.multiselect(key="overlap_tokenizers").set_value(["llama3"]).run()
    assert at.info[0].value == "Pick at least two tokenizers to compare."


def test_trim_metrics_match_the_library() -> None:
    at = open_section("trim")
    study = trim_study(tokenlab.load_tokenizer("gemma3"), udhr_documents(["eng"]))
    k = study.k_for(0.999)
    assert at.metric[0].value == f"{k:,}"
    assert at.metric[1].value == f"{memory_saved(262_145, k, 4096, 'bfloat16') / 1e9:,.2f} GB"
    assert [warning.value for warning in at.warning] == [markdown_text(study.too_small_notice() or "")]
    at.toggle(key="trim_tied").set_value(True).run()
    assert at.metric[1].value == f"{memory_saved(262_145, k, 4096, 'bfloat16', tied=True) / 1e9:,.2f} GB"
    at.radio(key="trim_source").set_value("My text").run()
    assert at.error[0].value == markdown_text("The text is empty; paste or upload some text, or pick UDHR languages.")


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
    assert not at.warning  # three UDHR versions hold words enough for 2,000 entries


def test_a_sweep_on_too_little_text_says_why_it_stopped_short() -> None:
    at = open_section("sweep")
    at.radio(key="sweep_source").set_value("My text").run()
    at.text_area(key="sweep_text").input("\n".join(udhr_documents(["eng"]))).run()
    at.multiselect(key="sweep_sizes").set_value([16000]).run()
    at.toggle(key="sweep_superword").set_value(False).run()
    at.button(key="sweep_run").click().run()
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert warning.value == markdown_text(
        "BPE 16,000 learned 1,458 entries: BPE merges pieces within words and stops once every distinct word of "
        "the training text is a single entry, which the 8,264 characters of this sample reach first. Train on more "
        "text (a larger sample, more languages, a longer file) to reach these sizes."
    )


def open_link(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(PAGE)
    at.query_params.update(query)
    at.run()
    assert not at.exception
    return at


def test_a_link_reopens_the_section_and_its_choices() -> None:
    at = open_link(section="trim", tok="llama3", keep="0.99", d="2048", dtype="float32", tied="1")
    assert at.segmented_control(key="lab_section").value == "trim"
    assert at.selectbox(key="trim_tokenizer").value == "llama3"
    assert (at.radio(key="trim_target").value, at.number_input(key="trim_d").value) == (0.99, 2048)
    assert (at.selectbox(key="trim_dtype").value, at.toggle(key="trim_tied").value) == ("float32", True)
    study = trim_study(tokenlab.load_tokenizer("llama3"), udhr_documents(["eng"]))
    assert at.metric[1].value == f"{memory_saved(128_256, study.k_for(0.99), 2048, 'float32', tied=True) / 1e9:,.2f} GB"

    at.selectbox(key="trim_dtype").set_value("float16").run()
    link = dict(at.query_params)
    assert link == {
        "section": "trim",
        "tok": "llama3",
        "d": "2048",
        "dtype": "float16",
        "tied": "1",
        "keep": "0.99",
        "on": "udhr",
        "langs": "eng",
    }
    assert dict(open_link(**link).query_params) == link
    at.segmented_control(key="lab_section").set_value("browse").run()
    assert dict(at.query_params) == {"section": "browse", "tok": "o200k_base", "match": "substring"}
    at.segmented_control(key="lab_section").set_value("trim").run()
    assert dict(at.query_params) == link  # the trim inputs waited while Browse was open


def test_a_link_to_the_overlap_names_its_tokenizers_and_bad_values_fall_back() -> None:
    at = open_link(section="overlap", tok="gpt2,nope,llama3,gpt2")
    assert at.multiselect(key="overlap_tokenizers").value == ["gpt2", "llama3"]
    assert dict(at.query_params) == {"section": "overlap", "tok": "gpt2,llama3"}
    at = open_link(section="browse", tok="nope", match="glob", q="ization")
    assert (
        at.selectbox(key="browse_tokenizer").value == "o200k_base" and at.radio(key="browse_mode").value == "substring"
    )
    assert at.text_input(key="browse_query").value == "ization"
    assert dict(at.query_params) == {"section": "browse", "tok": "o200k_base", "q": "ization", "match": "substring"}


def test_a_trim_link_carries_its_udhr_languages() -> None:
    at = open_link(section="trim", tok="gpt2", on="udhr", langs="fra,nope,deu_1996")
    assert at.multiselect(key="trim_languages").value == ["fra", "deu_1996"]
    study = trim_study(tokenlab.load_tokenizer("gpt2"), udhr_documents(["fra", "deu_1996"]))
    assert at.metric[0].value == f"{study.k_for(0.999):,}"
    assert at.query_params["langs"] == "fra,deu_1996" and at.query_params["on"] == "udhr"


def test_a_long_pasted_text_to_trim_on_travels_by_its_key_and_reopens(temporary_store: tokenlab.Store) -> None:
    text = ("Vocabulary trimming keeps the entries a corpus uses. " * 200)[:10_000]
    at = open_link(section="trim", tok="gpt2", on="text")
    at.text_area(key="trim_text").input(text).run()
    link = dict(at.query_params)
    assert link["on"] == "text" and link["text_key"] == text_key(text) and "langs" not in link
    assert temporary_store.shared_text(text_key(text)) == text
    sent = [metric.value for metric in at.metric]
    study = trim_study(tokenlab.load_tokenizer("gpt2"), [text])
    assert sent[0] == f"{study.k_for(0.999):,}"

    reopened = open_link(**link)
    assert reopened.text_area(key="trim_text").value == text and not reopened.warning
    assert [metric.value for metric in reopened.metric] == sent


def test_a_link_to_a_text_no_longer_kept_trims_on_the_udhr_and_says_so() -> None:
    at = open_link(section="trim", tok="gpt2", on="text", text_key="0123456789abcdef0123456789abcdef")
    assert at.warning[0].value == markdown_text(MISSING_TEXT)  # then the UDHR's "too small to judge"
    assert at.radio(key="trim_source").value == "UDHR (bundled)"
    assert at.query_params["on"] == "udhr" and "text_key" not in at.query_params


def test_a_sweep_link_carries_its_settings_and_bad_ones_fall_back() -> None:
    query = {
        "section": "sweep",
        "on": "udhr",
        "langs": "eng,fra",
        "sample": "250000",
        "sizes": "2000,8000",
        "superword": "0",
        "t": "4000",
        "limit": "30",
        "tok": "gpt2,qwen3",
    }
    at = open_link(**query)
    assert at.select_slider(key="sweep_sample").value == 250_000
    assert at.multiselect(key="sweep_sizes").value == [2000, 8000]
    assert (at.toggle(key="sweep_superword").value, at.selectbox(key="sweep_transition").value) == (False, 4000)
    assert (at.number_input(key="sweep_limit").value, at.multiselect(key="sweep_compare").value) == (
        30,
        ["gpt2", "qwen3"],
    )
    assert dict(at.query_params) == query
    train, held_out = split_held_out(bounded(udhr_documents(["eng", "fra"]), 250_000))
    assert at.info[0].value == (
        f"Press **Train** to train byte-level BPE at 2 sizes on {sum(map(len, train)):,} characters of the UDHR in 2 "
        f"languages and measure it on {sum(map(len, held_out)):,} held-out characters."
    )

    fallen_back = open_link(section="sweep", sample="7", sizes="3,x", t="64000", limit="9999", tok="nope")
    assert fallen_back.select_slider(key="sweep_sample").value == 1_000_000
    assert fallen_back.multiselect(key="sweep_sizes").value == [1000, 2000, 4000, 8000, 16000]
    assert (fallen_back.selectbox(key="sweep_transition").value, fallen_back.number_input(key="sweep_limit").value) == (
        4000,
        60,
    )
    assert fallen_back.multiselect(key="sweep_compare").value == ["gpt2", "llama3", "o200k_base", "gemma3"]
