"""The Corpus efficiency page's "Open results" source under AppTest: a run's Parquet files, and bad files."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.app.conftest import PARQUET
from tokenlab.text.markup import markdown_text

OpenPage = Callable[..., AppTest]
PAGE = "pages/corpus_efficiency.py"


def test_opened_results_show_their_metrics_per_group(
    open_page: OpenPage, results_files: list[tuple[str, bytes, str]]
) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="", langs="")
    assert at.info[0].value == "Pick at least one domain, or upload a corpus."
    at.file_uploader(key="eff_results").set_value(results_files).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["domain"]) == [f"results: {group}" for group in ("cmn_hans", "deu_1996", "eng", "fra", "jpn")]
    assert set(table["tokenizer"]) == {"GPT-4o (o200k_base)"}  # display names; downloads keep ids
    english = table[table["domain"] == "results: eng"].iloc[0]
    assert (english["documents"], english["tokens"]) == (30, 1524)
    assert table["utilisation"].notna().all() and len(at.get("plotly_chart")) == 3


def test_a_bad_results_file_gets_a_clear_error_and_the_domains_stay(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="math", langs="")
    at.file_uploader(key="eff_results").set_value([("summary.parquet", b"not parquet", PARQUET)]).run()
    assert not at.exception
    assert at.error[0].value.startswith(markdown_text("summary.parquet is not a Parquet file tokenlab can read"))
    assert set(at.dataframe[0].value["domain"]) == {"math"}
