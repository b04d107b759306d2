"""What a visitor is told while the profile cache's file is held by another process: one line, no path."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
import tokenlab.engine.store
from tests.other_process import OtherProcess

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LOCKED = "The profile cache is in use by another program, so results are kept in memory until the server restarts."


def test_the_corpus_page_says_results_are_in_memory_until_the_file_is_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "profiles.duckdb"
    cli = OtherProcess(cache)
    try:
        store = tokenlab.Store(cache, retry_seconds=0)  # the app's store, started while the CLI holds the file
        monkeypatch.setattr(tokenlab.engine.store, "default_store", lambda: store)
        at = AppTest.from_file(APP, default_timeout=180)
        at.query_params.update(tok="o200k_base", domains="math", langs="eng")
        at.switch_page("pages/corpus_efficiency.py")
        at.run()
        assert not at.exception
        assert [warning.value for warning in at.warning] == [LOCKED]
    finally:
        cli.exit()
    at.run()
    assert not at.exception
    assert [warning.value for warning in at.warning] == []
    assert store.path == str(cache)
    assert len(at.dataframe) == 2  # the counts made in memory, read from the file now
    store.close()
