"""The Corpus efficiency page under AppTest, on a temporary DuckDB: domains, budget, empty picks, links."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tokenlab.metrics.budget import PAGE_CHARS

OpenPage = Callable[..., AppTest]
PAGE = "pages/corpus_efficiency.py"


def test_default_view_compares_five_domains_and_what_128k_tokens_buy(open_page: OpenPage) -> None:
    at = open_page(PAGE)
    assert at.multiselect(key="eff_domains").value == ["code", "legal", "prose", "math", "multilingual"]
    assert at.number_input(key="eff_budget").value == 128_000
    assert len(at.get("plotly_chart")) == 5
    table = at.dataframe[0].value
    assert list(table["domain"].unique()) == ["code", "legal", "prose", "math", "multilingual"]
    assert {"utilisation", "renyi_efficiency"} <= set(table.columns)
    by_language = at.dataframe[1].value
    assert list(by_language["language"].unique()) == [
        "Python",
        "JavaScript",
        "TypeScript",
        "Java",
        "C",
        "C++",
        "Go",
        "Rust",
        "Shell",
        "SQL",
        "HTML",
        "CSS",
        "JSON",
        "YAML",
    ]
    fit = at.dataframe[2].value
    assert "UDHR English" in set(fit["domain"])
    row = table.iloc[0]
    assert fit.iloc[0]["pages"] == pytest.approx(128_000 * row["characters"] / row["tokens"] / PAGE_CHARS)


def test_budget_and_picks_are_kept_in_the_link(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="math", langs="eng", budget="32000")
    assert at.multiselect(key="eff_tokenizers").value == ["o200k_base"]
    at.number_input(key="eff_budget").set_value(8000).run()
    assert not at.exception
    assert at.query_params["budget"] == "8000" and at.query_params["domains"] == "math"
    assert set(at.dataframe[1].value["budget_tokens"]) == {8000}


def test_empty_picks_ask_for_something_to_show(open_page: OpenPage) -> None:
    assert open_page(PAGE, tok="").info[0].value == "Pick at least one tokenizer."
    assert (
        open_page(PAGE, tok="o200k_base", domains="").info[0].value == "Pick at least one domain, or upload a corpus."
    )


def test_one_domain_and_no_languages(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", domains="code", langs="")
    assert set(at.dataframe[0].value["domain"]) == {"code"}
    assert len(at.dataframe[1].value) == 2 * 14  # two tokenizers, fourteen programming languages
    assert set(at.dataframe[2].value["domain"]) == {"code"}


def test_without_the_code_domain_there_are_no_language_bars(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="math", langs="")
    assert len(at.get("plotly_chart")) == 3
    assert set(at.dataframe[1].value["domain"]) == {"math"}
