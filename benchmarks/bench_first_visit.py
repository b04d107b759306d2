"""The first visit of the corpus pages on a fresh server pinned to one core, as on a small host.

Streamlit Community Cloud may give a fraction of one core. For each page, a new `streamlit
run app.py` (empty profile cache, `taskset -c 0`) is opened in headless Chromium on the
default Segmentation page, then the page is opened through the sidebar; the time is from the
click until its charts are drawn and the run is finished. Shipped counts (data/counts/) make
the default views a copy into the cache, not a count; the second row of each page is the same
with them switched off (TOKENLAB_DATA_DIR pointing at a copy of data/ without counts/), which
is what a first visit cost before.

    python -m benchmarks.bench_first_visit
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, print_table, save_results
from tests.e2e.processes import tree_memory_mb
from tests.e2e.server import serve

PAGES = {"Languages": 4, "Corpus efficiency": 5}  # plotly charts on each page's default view
WAIT_MS = 600_000


def data_without_counts(into: Path) -> Path:
    """A copy of data/ that ships no counts (symlinks to everything else)."""
    copy = into / "data"
    copy.mkdir()
    for entry in (ROOT / "data").iterdir():
        if entry.name != "counts":
            (copy / entry.name).symlink_to(entry)
    return copy


def first_visit(page_label: str, charts: int, data_dir: Path | None) -> dict[str, object]:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.browser import settle
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.e2e.test_every_page import nav_links, title

    env = {} if data_dir is None else {"TOKENLAB_DATA_DIR": str(data_dir)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        with tempfile.TemporaryDirectory() as cache, serve(Path(cache), env, prefix=("taskset", "-c", "0")) as server:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(server.url)
            expect(page.locator(".tl-seg").first).to_be_visible(timeout=WAIT_MS)
            settle(page, WAIT_MS)
            href = dict(nav_links(page))[page_label]
            before = title(page)
            clicked = time.perf_counter()
            page.get_by_test_id("stSidebarNav").locator(f'a[href="{href}"]').click()
            page.wait_for_function(
                "previous => { const h = document.querySelector('[data-testid=\"stMain\"] h1'); "
                "return h && h.innerText !== previous; }",
                arg=before,
                timeout=WAIT_MS,
            )
            expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=WAIT_MS)
            settle(page, WAIT_MS)
            seconds = time.perf_counter() - clicked
            peak = tree_memory_mb(server.pid)["VmHWM"]
        browser.close()
    counts = "shipped counts" if data_dir is None else "counted live"
    return {"page": page_label, "counts": counts, "seconds": seconds, "server peak MB": peak}


def main() -> list[dict[str, object]]:
    if shutil.which("taskset") is None:
        raise SystemExit("taskset (util-linux) is needed to pin the server to one core")
    rows = []
    with tempfile.TemporaryDirectory() as work:
        bare = data_without_counts(Path(work))
        for label, charts in PAGES.items():
            rows.append(first_visit(label, charts, None))
            rows.append(first_visit(label, charts, bare))
    print_table("First visit on a fresh server pinned to one core (taskset -c 0), from the sidebar click", rows)
    save_results("first_visit", rows)
    return rows


if __name__ == "__main__":
    main()
