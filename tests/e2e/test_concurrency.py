"""Ten people open the app at once: every session gets its own, correct answer.

Two bounded checks on localhost: ten browser sessions (contexts) segmenting different texts at
the same time against one `streamlit run` server, and ten threads (as the server runs sessions)
profiling a corpus into one shared DuckDB file and querying it. Both compare with what one
session alone gets.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

import tokenlab
from tests.e2e.browser import WAIT_MS, settle
from tests.e2e.test_segmentation_page import panels, text_area
from tokenlab.corpora import udhr

SESSIONS = 10
TOKENIZERS = ("o200k_base", "llama3")
LANGUAGES = ["eng", "fra", "jpn", "hin"]


def session_text(index: int) -> str:
    """A different text per session, so no session is served from another's cached result."""
    return f"Session {index}: 你好，世界 {index * 7919} नमस्ते 👋 {'tokens ' * index}end."


@pytest.mark.e2e
@pytest.mark.timeout(120)
def test_ten_browser_sessions_segment_at_once(new_page, app_url: str) -> None:
    started = time.monotonic()
    pages = [new_page() for _ in range(SESSIONS)]
    for page in pages:  # all ten load before any is waited for
        page.goto(f"{app_url}/?tok={','.join(TOKENIZERS)}&text=Hello", wait_until="commit")
    for page in pages:  # a cold server imports and loads both tokenizers for the first of them
        expect(page.locator(".tl-seg")).to_have_count(len(TOKENIZERS), timeout=2 * WAIT_MS)
    for index, page in enumerate(pages):  # then all ten submit new text before any is waited for
        text_area(page).fill(session_text(index))
        text_area(page).press("Control+Enter")
    for index, page in enumerate(pages):
        page.wait_for_function(
            "text => { const s = [...document.querySelectorAll('.tl-seg')]; "
            "return s.length === 2 && s.every(p => p.textContent === text); }",
            arg=session_text(index),
            timeout=WAIT_MS,
        )
        settle(page)
    elapsed = time.monotonic() - started

    for index, page in enumerate(pages):
        shown = [[int(token["id"]) for token in panel["tokens"]] for panel in panels(page)]
        alone = [tokenlab.load_tokenizer(tid).segment(session_text(index)).ids for tid in TOKENIZERS]
        assert shown == [list(ids) for ids in alone], f"session {index}"
    print(f"\n{SESSIONS} browser sessions segmented concurrently in {elapsed:.1f} s")


@pytest.mark.timeout(120)
def test_ten_sessions_profile_and_query_one_shared_duckdb_file(tmp_path: Path) -> None:
    corpus = udhr(LANGUAGES)
    alone = tokenlab.corpus_metrics.summary(
        tokenlab.profile_corpus(corpus, TOKENIZERS, store=tokenlab.Store(tmp_path / "alone.duckdb"))
    )
    shared = tokenlab.Store(tmp_path / "profiles.duckdb")  # one per server, as the app's default store
    barrier = threading.Barrier(SESSIONS)

    def session(index: int) -> object:
        barrier.wait(timeout=30)  # start together: every session races for the same cache keys
        profile = tokenlab.profile_corpus(corpus, TOKENIZERS if index % 2 else TOKENIZERS[::-1], store=shared)
        return tokenlab.corpus_metrics.summary(profile).sort(["tokenizer", "group"])

    started = time.monotonic()
    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(session, range(SESSIONS), timeout=90))
    elapsed = time.monotonic() - started

    expected = alone.sort(["tokenizer", "group"])
    for index, result in enumerate(results):
        assert result.equals(expected), f"session {index}:\n{result}\n!=\n{expected}"
    assert shared.runs_written == len(alone["tokenizer"].unique())  # each run counted once, then cache hits
    assert shared.query("SELECT count(*) AS n FROM runs").item() == shared.runs_written
    print(f"\n{SESSIONS} sessions profiled and queried one DuckDB file in {elapsed:.1f} s")
