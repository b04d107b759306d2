"""The vocabulary-size page under AppTest: inputs, errors, the published anchors, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.scaling import tokens_per_char
from tokenlab.scaling.budget import measured_chars_per_token, udhr_english
from tokenlab.text.markup import markdown_text
from tokenlab.text.share import MISSING_TEXT, text_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/vocab_scaling.py"
# Long texts are kept for links in the profile cache: a throwaway one, never the user's.
pytestmark = pytest.mark.usefixtures("temporary_store")


def open_page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    at.query_params.update(query)
    return at.run()


def recommended(at: AppTest) -> list[str]:
    return [metric.value for metric in at.metric]


def test_default_is_a_7b_model_with_three_recommendations_and_two_charts() -> None:
    at = open_page()
    assert not at.exception
    assert recommended(at) == ["62,280", "67,450", "59,547"]
    assert [metric.label for metric in at.metric] == ["Approach 1", "Approach 2", "Approach 3"]
    assert "outside the 33M–3B range" in at.warning[0].value
    assert len(at.get("plotly_chart")) == 2
    assert at.query_params["nnv"] == "7e9" and at.query_params["budget"] == "optimal"


def test_invalid_sizes_show_the_library_message_not_a_traceback() -> None:
    at = open_page()
    for text, message in [
        ("nan", "Non-vocabulary parameters is not a number (NaN); enter e.g. 7e9."),
        ("-5", "Non-vocabulary parameters must be positive, got -5; enter e.g. 7e9."),
        ("0", "Non-vocabulary parameters must be positive, got 0; enter e.g. 7e9."),
        ("seven", "Non-vocabulary parameters: 'seven' is not a number; enter e.g. 7e9 or 7B."),
    ]:
        at.text_input(key="nnv").input(text).run()
        assert not at.exception
        assert [error.value for error in at.error] == [markdown_text(message)]
        assert recommended(at) == []


def test_a_flops_budget_reproduces_the_3b_anchor_and_disables_approaches_1_and_2() -> None:
    at = open_page()
    at.text_input(key="nnv").input("2870142400").run()
    at.text_input(key="d_model").input("3200").run()
    at.radio(key="budget_mode").set_value("flops").run()
    at.text_input(key="budget").input("2.3e21").run()
    assert not at.exception
    assert recommended(at) == ["—", "—", "42,212"]
    assert not at.warning  # 2.87B is inside the fitted range
    assert at.query_params["amount"] == "2.3e21"


def test_total_parameters_are_turned_into_n_nv_and_the_page_says_how() -> None:
    at = open_page()
    at.radio(key="size_mode").set_value("total").run()
    at.text_input(key="total").input("70B").run()
    at.text_input(key="d_model").input("8192").run()
    assert recommended(at)[2] == "216,548"
    assert any(
        "N_nv = total − 2·V·d (untied: input embedding and output head) = 70B − 524.3M = 69.5B" in c.value
        for c in at.caption
    )
    at.toggle(key="tied").set_value(True).run()
    assert any("N_nv = total − V·d (tied: one matrix) = 70B − 262.1M = 69.7B" in c.value for c in at.caption)


def test_total_without_width_asks_for_it() -> None:
    at = open_page()
    at.radio(key="size_mode").set_value("total").run()
    at.text_input(key="d_model").input("").run()
    assert [error.value for error in at.error] == [
        markdown_text("Enter d_model: deriving N_nv from the total needs the model's width.")
    ]


def test_characters_are_converted_with_the_measured_chars_per_token() -> None:
    at = open_page()
    at.radio(key="budget_mode").set_value("chars").run()
    at.text_input(key="budget").input("8T").run()
    assert not at.exception
    measured = measured_chars_per_token(tokenlab.load_tokenizer("llama3"), udhr_english())
    (info,) = at.info
    assert f"Llama 3 measures **{measured:.2f} characters/token** on the English UDHR" in info.value
    assert f"the paper's f(V) predicts {1 / tokens_per_char(128256):.2f} at its V = 128,256" in info.value
    at.radio(key="cpt_source").set_value("My text").run()
    assert [error.value for error in at.error] == [
        markdown_text("The text to measure characters per token on is empty; paste some text or pick the UDHR.")
    ]


def test_bad_budget_shows_an_error() -> None:
    at = open_page()
    at.radio(key="budget_mode").set_value("tokens").run()
    at.text_input(key="budget").input("-1").run()
    assert [error.value for error in at.error] == [
        markdown_text("Training tokens must be positive, got -1; enter e.g. 2e12.")
    ]


def test_a_link_restores_the_inputs() -> None:
    at = open_page(size="nnv", nnv="3e9", d="3200", v="50000", tied="1", budget="optimal")
    assert at.text_input(key="nnv").value == "3e9"
    assert at.number_input(key="vocab").value == 50000
    assert at.toggle(key="tied").value is True
    assert recommended(at)[1] == "42,538"


def test_a_link_carries_the_basin_tolerance_and_the_cost_table_inputs() -> None:
    at = open_page(nnv="1e9", tol="0.5", batch="4", seq="8192", dtype="float32")
    assert at.number_input(key="tolerance").value == 0.5
    assert (at.number_input(key="batch").value, at.number_input(key="sequence").value) == (4, 8192)
    assert at.selectbox(key="dtype").value == "float32"
    logits = at.dataframe[0].value["logits GB"].tolist()
    assert logits[0] == 4 * 8192 * 32000 * 4 / 1e9  # batch × sequence × V × 4 bytes of float32
    at.number_input(key="tolerance").set_value(0.15).run()
    assert at.query_params["tol"] == "0.15" and at.query_params["seq"] == "8192"
    reopened = open_page(**dict(at.query_params))
    assert reopened.number_input(key="tolerance").value == 0.15
    assert reopened.dataframe[0].value["logits GB"].tolist() == logits
    for bad in ({"tol": "nan"}, {"tol": "1e9"}, {"batch": "-3", "seq": "x", "dtype": "int4"}):
        fallen_back = open_page(**bad)
        assert not fallen_back.exception
        assert (fallen_back.number_input(key="tolerance").value, fallen_back.number_input(key="batch").value) == (
            0.1,
            8,
        )
        assert fallen_back.selectbox(key="dtype").value == "bfloat16"


def test_a_character_budget_link_keeps_its_tokenizer_and_the_text_it_was_measured_on() -> None:
    """A reopened link once converted with Llama 3 on the UDHR whatever the sender had chosen."""
    text = "def f(x):\n    return x * 2  # code compresses differently from prose\n" * 5
    at = open_page()
    at.radio(key="budget_mode").set_value("chars").run()
    at.text_input(key="budget").input("8T").run()
    at.selectbox(key="cpt_tokenizer").set_value("gpt2").run()
    at.radio(key="cpt_source").set_value("My text").run()
    at.text_area(key="cpt_text").input(text).run()
    link = dict(at.query_params)
    assert {key: link[key] for key in ("budget", "amount", "cpt", "on", "text")} == {
        "budget": "chars",
        "amount": "8T",
        "cpt": "gpt2",
        "on": "text",
        "text": text,
    }
    sent = [info.value for info in at.info]

    reopened = open_page(**link)
    assert not reopened.exception
    assert reopened.selectbox(key="cpt_tokenizer").value == "gpt2"
    assert reopened.radio(key="cpt_source").value == "My text" and reopened.text_area(key="cpt_text").value == text
    measured = measured_chars_per_token(tokenlab.load_tokenizer("gpt2"), text)
    assert [info.value for info in reopened.info] == sent
    assert f"measures **{measured:.2f} characters/token** on your text" in sent[0]
    assert recommended(reopened) == recommended(at)


def test_a_long_text_measured_on_travels_by_its_key_and_reopens(temporary_store: tokenlab.Store) -> None:
    text = ('fn main() { println!("{}", 40 + 2); } // Rust compresses unlike prose\n' * 200)[:10_000]
    at = open_page(nnv="1e9", budget="chars", amount="8T", cpt="gpt2", on="text")
    at.text_area(key="cpt_text").input(text).run()
    link = dict(at.query_params)
    assert "text" not in link and link["text_key"] == text_key(text)
    assert temporary_store.shared_text(link["text_key"]) == text
    [box] = [expander for expander in at.expander if expander.label == "Copy link"]
    assert (
        markdown_text(
            "The text measured on (10,000 characters) is kept on this server for 30 days under its hash, which the "
            "link carries."
        )
        in box.markdown[0].value.split("\n")[1]
    )

    reopened = open_page(**link)
    assert not reopened.exception and not reopened.warning
    assert reopened.radio(key="cpt_source").value == "My text" and reopened.text_area(key="cpt_text").value == text
    assert [info.value for info in reopened.info] == [info.value for info in at.info]
    assert recommended(reopened) == recommended(at)


def test_a_link_to_a_text_no_longer_kept_measures_on_the_udhr_and_says_so() -> None:
    at = open_page(
        nnv="1e9", budget="chars", amount="8T", cpt="gpt2", on="text", text_key="0123456789abcdef0123456789abcdef"
    )
    assert not at.exception
    assert [warning.value for warning in at.warning] == [markdown_text(MISSING_TEXT)]
    assert at.radio(key="cpt_source").value == "English UDHR (bundled)"
    assert "measures" in at.info[0].value and "on the English UDHR" in at.info[0].value
    assert at.query_params["on"] == "udhr" and "text_key" not in at.query_params


def test_tables_list_the_user_model_and_the_sixteen_public_ones() -> None:
    at = open_page()
    costs, models = (frame.value for frame in at.dataframe)
    assert costs["V"].tolist() == [32000, 62280, 67450, 59547]
    assert models["model"].tolist()[:2] == ["Your model", "TinyLlama-1.1B"] and len(models) == 17
    llama = models[models["model"] == "Llama2-70B"].iloc[0]
    assert (llama["tokenizer"], llama["optimal V (App. 3)"], round(llama["actual/optimal (App. 3)"], 3)) == (
        "llama2",
        216548,
        0.148,
    )
