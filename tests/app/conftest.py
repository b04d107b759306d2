"""Fixtures of the page tests that profile corpora."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
import tokenlab.engine.store
from tests.shard_corpus import write_shard_corpus
from tokenlab.engine.results_run import profile_to_directory
from tokenlab.engine.store import MEMORY, Store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PARQUET = "application/vnd.apache.parquet"


@pytest.fixture(scope="module")
def temporary_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tokenlab.Store]:
    """One throwaway profile database per test module, standing in for the app's default store
    (counts are shared between the module's tests, never with the user's cache)."""
    store = tokenlab.Store(tmp_path_factory.mktemp("profiles") / "profiles.duckdb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokenlab.engine.store, "default_store", lambda: store)
        yield store
    store.close()


@pytest.fixture
def open_page(temporary_store: tokenlab.Store) -> Callable[..., AppTest]:
    """`open_page(page, **query)`: the app opened on `page` with a link's query, run once, no exception."""

    def run(page: str, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=180)
        at.query_params.update(query)
        at.switch_page(page)
        at.run()
        assert not at.exception
        return at

    return run


@pytest.fixture(scope="module")
def results_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes, str]]:
    """The counts and usage files of one local run over two shards, as a browser would upload them."""
    root = tmp_path_factory.mktemp("run")
    corpus = write_shard_corpus(root / "web")
    profile_to_directory(
        f"{corpus}/part-[02].parquet",
        ["o200k_base"],
        root / "out",
        group_column="lang",
        baselines=False,
        store=Store(MEMORY),
    )
    files = sorted((root / "out").glob("counts/*/*.parquet")) + sorted((root / "out").glob("usage/*/*.parquet"))
    return [(path.name, path.read_bytes(), PARQUET) for path in files]
