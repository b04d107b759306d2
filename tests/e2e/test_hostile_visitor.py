"""One hostile visitor cannot freeze or sink the server, in a real browser against `streamlit run`.

While one session sends a tokenizer whose pre-tokenizer regex backtracks (with 40,000
characters to encode), a gzip bomb and a Parquet file with one 19.9M-character cell, a second
session keeps segmenting and the health endpoint keeps answering, each within 2 s; every
upload gets a one-line message; the server and its sandbox worker stay under 1 GB.
"""

from __future__ import annotations

import gzip
import io
import re
import threading
import time
import urllib.request

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, settle
from tests.e2e.conftest import Server
from tests.e2e.processes import reset_peaks, tree_memory_mb
from tests.e2e.test_bad_input import upload
from tests.e2e.test_every_page import nav_links, open_through_sidebar, title
from tests.e2e.test_segmentation_page import open_app, text_area
from tests.sandbox.test_sandbox import SLOW_REGEX, split_tokenizer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

ANSWER_S = 2.0
PEAK_MB = 1024
STOPPED = re.compile(
    r"^Your tokenizer (was stopped while encoding 40,000 characters: it used more than 10 s of CPU|took more than "
    r"30 s while encoding 40,000 characters and was stopped) \(a pre-tokenizer regex that backtracks can take "
    r"hours\)\. Try a shorter text, or another (file|tokenizer file)\.$"
)


class Watch:
    """Polls the health endpoint every 0.25 s on a thread of its own and keeps the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url, self.slowest, self.failures = url, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=10) as response:
                    ok = response.read().decode().strip() == "ok"
            except OSError:
                ok = False
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.failures += not ok

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def bystander_segments(page: Page, text: str) -> float:
    """Seconds from committing a new text until its tokens are on the bystander's screen."""
    area = text_area(page)
    area.fill(text)
    started = time.monotonic()
    area.press("Control+Enter")
    page.wait_for_function(
        "text => [...document.querySelectorAll('.tl-seg')].every(panel => panel.textContent === text)",
        arg=text,
        timeout=WAIT_MS,
    )
    answered = time.monotonic() - started
    settle(page)
    return answered


def paste_long_text(page: Page, text: str) -> None:
    """Commit `text`, longer than a panel draws (its first MAX_RENDERED_TOKENS tokens), and wait for it."""
    area = text_area(page)
    area.fill(text)
    area.press("Control+Enter")
    drawn = "() => (document.querySelector('.tl-seg')?.textContent.length ?? 0) > 10000"
    page.wait_for_function(drawn, timeout=WAIT_MS)
    settle(page)


def error_text(page: Page) -> str:
    alert = page.get_by_test_id("stAlertContentError")
    expect(alert).to_have_count(1, timeout=60_000)
    return alert.inner_text()


def one_cell_parquet() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"text": [("word " * 9000 + "\n") * 443]}).write_parquet(buffer)  # 19.9M characters
    return buffer.getvalue()


def test_a_hostile_visitor_neither_freezes_nor_sinks_the_server(own_server: Server, new_page) -> None:
    server = own_server
    reset_peaks(server.pid)
    bystander, attacker = new_page(), new_page()
    open_app(bystander, f"{server.url}/?tok=gpt2&text=Hello%20world")
    open_app(attacker, f"{server.url}/?tok=gpt2&text=Hello")
    paste_long_text(attacker, "a" * 40_000)

    with Watch(server.url) as health:
        # A tokenizer whose regex would need minutes for this text: stopped in the sandbox.
        attacker.get_by_text("Add your own tokenizer").click()
        upload(attacker, "tokenizer_file", "slow.json", split_tokenizer(SLOW_REGEX))
        time.sleep(1)  # the attacker's request is in the sandbox now
        waits = [bystander_segments(bystander, f"Still answering {i}: 你好 👋") for i in range(3)]
        assert STOPPED.match(error_text(attacker)), error_text(attacker)
        expect(attacker.locator(".tl-seg")).to_have_count(1)  # gpt2's panel stays

        # 194 KB of gzip that inflates to 200 MB: refused while inflating.
        upload(attacker, "tokenizer_file", "bomb.json.gz", gzip.compress(b" " * 200_000_000, compresslevel=9))
        expect(attacker.get_by_test_id("stAlertContentError")).to_have_text(
            "bomb.json.gz decompresses to more than 67 MB; tokenizer files up to that size are accepted. "
            "Upload a smaller tokenizer.",
            timeout=WAIT_MS,
        )
        waits.append(bystander_segments(bystander, "And still: नमस्ते"))

        # One cell of 19.9M characters on Corpus efficiency: refused, the bundled domains stay.
        open_through_sidebar(
            attacker, "Corpus efficiency", dict(nav_links(attacker))["Corpus efficiency"], title(attacker)
        )
        attacker.get_by_text("Add your own corpus").click()
        upload(attacker, "eff_upload", "cell.parquet", one_cell_parquet())
        expect(attacker.get_by_test_id("stAlertContentError")).to_have_text(
            "cell.parquet holds 19,935,443 characters; a corpus may hold up to 5,000,000. Upload a sample of it.",
            timeout=60_000,
        )
        settle(attacker, 60_000)
        expect(attacker.locator(".js-plotly-plot")).to_have_count(5)
        waits.append(bystander_segments(bystander, "Last one"))

    assert max(waits) < ANSWER_S, waits
    assert health.failures == 0 and health.slowest < ANSWER_S, (health.failures, health.slowest)
    peak = tree_memory_mb(server.pid)["VmHWM"]
    assert peak < PEAK_MB, f"server and sandbox peaked at {peak:.0f} MB"
