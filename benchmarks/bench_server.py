"""The app as a user meets it: cold start to first paint, then memory with everything loaded.

Starts `streamlit run app.py` (offline, profile cache in a temporary file) on a free port and
opens it in headless Chromium (Debian's /usr/bin/chromium, launched before the server so its
own start-up is not counted). First paint is when the segmentation panels (`.tl-seg`) are
visible. Then one session selects all bundled tokenizers through a link and every page is
visited through the sidebar; the server's resident memory (VmRSS now, VmHWM peak, its process
and children, from /proc) is read after each step, and `added_mb` is its change since the
step before. Then EXTRA_SESSIONS more visitors (new browser contexts, each its own Streamlit
session, all kept open) open the default page and ask the Languages page for another metric;
those rows, and one before them, are read after IDLE_S seconds without requests, so their
`added_mb` is what one more session costs. The summary gives its median: allocators hand back
memory freed earlier when they choose, so one such row can even be negative. Streamlit
Community Cloud guarantees 690 MB (up to 2.7 GB when it has room); the target is a peak under 690 MB.

    python -m benchmarks.bench_server
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import print_table, save_results
from tests.e2e.processes import tree_memory_mb
from tests.e2e.server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

TARGET_MB = 690  # the smallest Streamlit Community Cloud container
TEXT = "Hello world! 你好，世界。 नमस्ते दुनिया 👋🏽 مرحبا def f(x): return x ** 2"
EXTRA_SESSIONS = 9  # ten visitors in all
IDLE_S = 15  # polars' allocator returns freed pages about 10 s after they are freed
VIEWPORT = {"width": 1280, "height": 800}
WAIT_MS = 120_000


def languages_query(page: Page, url: str) -> None:
    """One visitor's visit: the default page, then the Languages page asked for another metric."""
    from playwright.sync_api import expect

    from tests.e2e.browser import settle
    from tests.e2e.test_every_page import nav_links, open_through_sidebar, title

    page.goto(url)
    expect(page.locator(".tl-seg").first).to_be_visible(timeout=WAIT_MS)
    settle(page, WAIT_MS)
    open_through_sidebar(page, "Languages", dict(nav_links(page))["Languages"], title(page))
    page.get_by_test_id("stSelectbox").filter(has_text="Metric").click()
    page.get_by_role("option", name="Characters per token (characters / token)").click()
    expect(page.get_by_role("heading", name=re.compile("^Characters per token: "))).to_be_visible(timeout=WAIT_MS)
    settle(page, WAIT_MS)


def main() -> list[dict[str, object]]:
    from playwright.sync_api import expect, sync_playwright

    import tokenlab
    from tests.e2e.browser import settle
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.test_every_page import nav_links, open_through_sidebar, title

    ids = [info.id for info in tokenlab.list_tokenizers()]
    rows: list[dict[str, object]] = []

    def measure(step: str, seconds: float) -> None:
        memory = tree_memory_mb(server.pid)
        added = memory["VmRSS"] - rows[-1]["rss_mb"] if rows else memory["VmRSS"]
        rows.append(
            {
                "step": step,
                "seconds": seconds,
                "rss_mb": memory["VmRSS"],
                "added_mb": added,
                "peak_rss_mb": memory["VmHWM"],
                "of 1 GB": memory["VmHWM"] / TARGET_MB,
            }
        )

    with sync_playwright() as playwright:
        # Launched before the server, so that its start-up is not counted in the first paint.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        with tempfile.TemporaryDirectory() as cache, serve(Path(cache)) as server:
            url, started = server.url, time.perf_counter() - server.ready_s
            measure("server answers /_stcore/health", time.perf_counter() - started)
            page.goto(url)
            expect(page.locator(".tl-seg").first).to_be_visible(timeout=WAIT_MS)
            measure("first paint (4 default tokenizers)", time.perf_counter() - started)
            settle(page, WAIT_MS)

            step = time.perf_counter()
            page.goto(f"{url}/?{urllib.parse.urlencode({'tok': ','.join(ids), 'text': TEXT})}")
            expect(page.locator(".tl-seg")).to_have_count(len(ids), timeout=WAIT_MS)
            settle(page, WAIT_MS)
            measure(f"all {len(ids)} bundled tokenizers segmented", time.perf_counter() - step)

            links, current = nav_links(page), title(page)
            for label, href in [*links[1:], links[0]]:  # the open page last
                step = time.perf_counter()
                current = open_through_sidebar(page, label, href, current)
                measure(f"page: {label}", time.perf_counter() - step)

            time.sleep(IDLE_S)
            measure(f"{IDLE_S} s idle", IDLE_S)
            for session in range(2, EXTRA_SESSIONS + 2):  # each context stays open: its session stays alive
                step = time.perf_counter()
                languages_query(browser.new_context(viewport=VIEWPORT).new_page(), url)
                seconds = time.perf_counter() - step
                time.sleep(IDLE_S)
                measure(f"session {session}: default page, Languages query (then {IDLE_S} s idle)", seconds)
        browser.close()

    print_table(f"Server start-up and memory (streamlit run app.py; target peak < {TARGET_MB} MB)", rows)
    peak = max(row["peak_rss_mb"] for row in rows)
    per_session = statistics.median(row["added_mb"] for row in rows[-EXTRA_SESSIONS:])
    print(
        f"peak RSS {peak:.0f} MB: {'within' if peak < TARGET_MB else 'OVER'} the {TARGET_MB} MB target; "
        f"one more session adds {per_session:.1f} MB (median of {EXTRA_SESSIONS})"
    )
    save_results("server", rows)
    return rows


if __name__ == "__main__":
    main()
