"""The Corpus efficiency page's "Open results" source under AppTest: a run's Parquet files, and bad files."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.shard_corpus import write_shard_corpus
from tokenlab.results_run import profile_to_directory
from tokenlab.store import MEMORY, Store

OpenPage = Callable[..., AppTest]
PAGE = "pages/corpus_efficiency.py"
PARQUET = "application/vnd.apache.parquet"


@pytest.fixture(scope="module")
def results_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes, str]]:
    """The counts and usage files of one local run over two shards, as a browser would upload them."""
    root = tmp_path_factory.mktemp("run")
    corpus = write_shard_corpus(root / "web")
    profile_to_directory(f"{corpus}/part-[02].parquet", ["o200k_base"], root / "out", group_column="lang",
                         baselines=False, store=Store(MEMORY))
    files = sorted((root / "out").glob("counts/*/*.parquet")) + sorted((root / "out").glob("usage/*/*.parquet"))
    return [(path.name, path.read_bytes(), PARQUET) for path in files]


def test_opened_results_show_their_metrics_per_group(open_page: OpenPage,
                                                    results_files: list[tuple[str, bytes, str]]) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="", langs="")
    assert at.info[0].value == "Pick at least one domain, or upload a corpus."
    at.file_uploader(key="eff_results").set_value(results_files).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table["domain"]) == [f"results: {group}" for group in ("cmn_hans", "deu_1996", "eng", "fra", "jpn")]
    assert set(table["tokenizer"]) == {"o200k_base"}
    english = table[table["domain"] == "results: eng"].iloc[0]
    assert (english["documents"], english["tokens"]) == (30, 1524)
    assert table["utilisation"].notna().all() and len(at.get("plotly_chart")) == 3


def test_a_bad_results_file_gets_a_clear_error_and_the_domains_stay(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="math", langs="")
    at.file_uploader(key="eff_results").set_value([("summary.parquet", b"not parquet", PARQUET)]).run()
    assert not at.exception
    assert at.error[0].value.startswith("summary.parquet is not a Parquet file tokenlab can read")
    assert set(at.dataframe[0].value["domain"]) == {"math"}
