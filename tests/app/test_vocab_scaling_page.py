"""The vocabulary-size page under AppTest: inputs, errors, the published anchors, links."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.scaling import tokens_per_char
from tokenlab.scaling_budget import measured_chars_per_token, udhr_english

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/vocab_scaling.py"


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
        assert [error.value for error in at.error] == [message]
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
    assert any("N_nv = total − 2·V·d (untied: input embedding and output head) = 70B − 524.3M = 69.5B" in c.value for c in at.caption)
    at.toggle(key="tied").set_value(True).run()
    assert any("N_nv = total − V·d (tied: one matrix) = 70B − 262.1M = 69.7B" in c.value for c in at.caption)


def test_total_without_width_asks_for_it() -> None:
    at = open_page()
    at.radio(key="size_mode").set_value("total").run()
    at.text_input(key="d_model").input("").run()
    assert [error.value for error in at.error] == ["Enter d_model: deriving N_nv from the total needs the model's width."]


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
    assert [error.value for error in at.error] == ["The text to measure characters per token on is empty; paste some text or pick the UDHR."]


def test_bad_budget_shows_an_error() -> None:
    at = open_page()
    at.radio(key="budget_mode").set_value("tokens").run()
    at.text_input(key="budget").input("-1").run()
    assert [error.value for error in at.error] == ["Training tokens must be positive, got -1; enter e.g. 2e12."]


def test_a_link_restores_the_inputs() -> None:
    at = open_page(size="nnv", nnv="3e9", d="3200", v="50000", tied="1", budget="optimal")
    assert at.text_input(key="nnv").value == "3e9"
    assert at.number_input(key="vocab").value == 50000
    assert at.toggle(key="tied").value is True
    assert recommended(at)[1] == "42,538"


def test_tables_list_the_user_model_and_the_sixteen_public_ones() -> None:
    at = open_page()
    costs, models = (frame.value for frame in at.dataframe)
    assert costs["V"].tolist() == [32000, 62280, 67450, 59547]
    assert models["model"].tolist()[:2] == ["Your model", "TinyLlama-1.1B"] and len(models) == 17
    llama = models[models["model"] == "Llama2-70B"].iloc[0]
    assert (llama["tokenizer"], llama["optimal V (App. 3)"], round(llama["actual/optimal (App. 3)"], 3)) == ("llama2", 216548, 0.148)
