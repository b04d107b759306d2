"""The home page under Streamlit's AppTest: it runs, segments, and reacts to widgets."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_home_page_segments_the_sample_without_exceptions() -> None:
    at = run_app()
    assert not at.exception
    values = metrics(at)
    assert int(values["Tokens"]) > 10
    assert values["Characters"] == str(len(at.text_area(key="text").value))


def test_changing_text_and_tokenizer_updates_the_counts() -> None:
    at = run_app()
    at.text_area(key="text").input("Hello world").run()
    assert metrics(at)["Tokens"] == "2"
    at.selectbox(key="tokenizer").select("bert-base-uncased").run()
    assert not at.exception
    assert metrics(at)["Tokens"] == "2"
    at.text_area(key="text").input("Hello, world! 😀").run()
    assert metrics(at) == {"Tokens": "5", "Characters": "15", "Bytes (UTF-8)": "18", "Characters per token": "3.00"}

