"""Fixtures of the page tests that profile corpora."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
import tokenlab.store

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def temporary_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tokenlab.Store]:
    """One throwaway profile database per test module, standing in for the app's default store
    (counts are shared between the module's tests, never with the user's cache)."""
    store = tokenlab.Store(tmp_path_factory.mktemp("profiles") / "profiles.duckdb")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokenlab.store, "default_store", lambda: store)
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
