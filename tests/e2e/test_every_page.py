"""Every page in the navigation, opened through the sidebar as a user would, shows real content.

The pages are read from the sidebar's own links, and each must have an entry in PAGE_CONTENT
saying what its default view shows, so a page added to app.py fails here until its content is
written down. Per page: its own title, no `stException` and no error alert, its section headings,
metric values and number of charts, every chart holding data, every table holding rows, a
screenshot in tests/e2e/artifacts/page-<url path>.png; conftest fails the test on any console
error or request leaving localhost. A page that shows only an error fails (the last test).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import save_screenshot, settle
from tests.samples import CATALOGUE_IDS

WAIT_MS = 90_000  # a page that profiles a corpus on first open needs a while on a 2-CPU box


@dataclass(frozen=True)
class Shown:
    """What a page's default view shows: its section headings, metric values, charts, and the
    rows of each table (header included) where they are fixed."""

    headings: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    charts: int = 0
    table_rows: tuple[int, ...] | None = None


#: By sidebar label. Segmentation is opened with one tokenizer (GPT-2) on "Hello world".
PAGE_CONTENT = {
    "Segmentation": Shown(headings=("Tokens", "Summary", "Cost", "Export"), charts=1, table_rows=(2, 2)),
    "Tokenizers": Shown(table_rows=(len(CATALOGUE_IDS) + 1,)),
    "Vocabulary size": Shown(
        headings=(
            "Recommended vocabulary",
            "Where real models sit",
            "What the vocabulary costs",
            "Models and their compute-optimal vocabularies",
        ),
        metrics=("62,280", "67,450", "59,547"),  # the README's 7B example, from the paper's three laws
        charts=2,
    ),
    "Vocabulary lab": Shown(
        headings=("How numbers are chunked",), metrics=("up to 3 digits, left-to-right",), charts=3
    ),
    "Languages": Shown(
        headings=(
            "Parity vs reference (tokenization premium): 96 languages × 6 tokenizers",
            "One tokenizer, ranked and on the map",
            "By script",
            "Worst served languages",
            "From one tokenizer to another",
            "Why: one language up close",
        ),
        charts=4,
    ),
    "Corpus efficiency": Shown(
        headings=("Cost per domain", "Code by programming language", "What a fixed budget buys"), charts=5
    ),
    # The decode tab is shown (nine ids, one table); the chat tab's headings are drawn behind its tab.
    "Decode & chat": Shown(headings=("Tokens per model", "Rendered prompts"), table_rows=(10,)),
}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def nav_links(page: Page) -> list[tuple[str, str]]:
    """(label, href) of every sidebar navigation link, expanding "View more" when there is one."""
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link").first).to_be_visible()
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    return nav.get_by_role(
        "link"
    ).evaluate_all(  # innerText starts with the icon's ligature name ("list\n\nTokenizers")
        "links => links.map(link => [link.innerText.trim().split('\\n').pop(), link.getAttribute('href')])"
    )


def title(page: Page) -> str:
    return page.get_by_test_id("stMain").locator("h1").first.inner_text()


def open_through_sidebar(page: Page, label: str, href: str, previous_title: str) -> str:
    """Click `label` and wait until its run is done: a new URL, a new title, nothing stale."""
    page.get_by_test_id("stSidebarNav").locator(f'a[href="{href}"]').click()
    path = urllib.parse.urlsplit(href).path
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?|$)"), timeout=WAIT_MS)
    page.wait_for_function(
        """previous => {
            const h1 = document.querySelector('[data-testid="stMain"] h1');
            return h1 && h1.innerText.trim() !== '' && h1.innerText !== previous;
        }""",
        arg=previous_title,
        timeout=WAIT_MS,
    )
    settle(page, WAIT_MS)
    return title(page)


def assert_real_content(page: Page, label: str, timeout_ms: int = WAIT_MS) -> None:
    """`label`'s page shows what PAGE_CONTENT says, with data in every chart and table, and no error
    (what may still be drawing is waited for up to `timeout_ms`)."""
    assert label in PAGE_CONTENT, f"{label}: say what the page shows in PAGE_CONTENT"
    shown = PAGE_CONTENT[label]
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stException")).to_have_count(0, timeout=timeout_ms)
    expect(main.get_by_test_id("stAlertContentError")).to_have_count(0, timeout=timeout_ms)
    # Lists wait (metrics can be drawn after the charts), then compare the exact sequence.
    for locator, expected in (
        (main.locator("h2, h3"), shown.headings),
        (main.get_by_test_id("stMetricValue"), shown.metrics),
    ):
        if expected:
            expect(locator).to_have_text(list(expected), timeout=timeout_ms)
        else:
            expect(locator).to_have_count(0)
    charts = main.locator(".js-plotly-plot")
    expect(charts).to_have_count(shown.charts, timeout=timeout_ms)
    # Every chart has a trace with points (x, y, z, values or locations), not an empty frame.
    assert (
        charts.evaluate_all(
            """charts => charts.map(chart => (chart.data || []).some(trace =>
            ['x', 'y', 'z', 'values', 'locations', 'lat'].some(key => trace[key] && trace[key].length > 0)))"""
        )
        == [True] * shown.charts
    ), f"{label}: a chart without data"
    tables = main.get_by_test_id("stDataFrame").filter(visible=True)  # not those in a closed expander
    if shown.table_rows is not None:  # counted once they are all drawn, not while the page draws them
        expect(tables).to_have_count(len(shown.table_rows), timeout=timeout_ms)
    grids = tables.locator("[aria-rowcount]")
    expect(grids).to_have_count(tables.count(), timeout=timeout_ms)  # each grid drawn
    rows = tuple(int(n) for n in grids.evaluate_all("grids => grids.map(g => g.getAttribute('aria-rowcount'))"))
    assert all(n > 1 for n in rows), f"{label}: a table without rows ({rows})"
    if shown.table_rows is not None:
        assert rows == shown.table_rows
    assert shown.charts or rows or shown.metrics, f"{label}: only a title, no content"


def slug(href: str) -> str:
    return urllib.parse.urlsplit(href).path.strip("/") or "home"


def test_every_page_opens_from_the_sidebar_with_content(page: Page, app_url: str, artifacts_dir: Path) -> None:
    page.goto(f"{app_url}/?tok=gpt2&text=Hello%20world")  # a light first page: one tokenizer
    expect(page.locator(".tl-seg").first).to_be_attached(timeout=WAIT_MS)
    settle(page)
    links = nav_links(page)
    assert [label for label, _ in links] == list(PAGE_CONTENT), "a page was added, removed or renamed"
    current = title(page)
    titles = {}
    # The first link is the page already open; it is visited last, coming back to it.
    for label, href in [*links[1:], links[0]]:
        current = open_through_sidebar(page, label, href, current)
        titles[label] = current
        assert_real_content(page, label)
        save_screenshot(page, artifacts_dir, f"page-{slug(href)}")
    assert len(set(titles.values())) == len(links), f"pages share a title: {titles}"
    expect(page.locator(".tl-seg")).to_have_count(1)  # back on Segmentation, the link's state kept


ONLY_AN_ERROR = """<div data-testid="stMain"><h1>Bundled tokenizers</h1>
<div data-testid="stAlert"><div data-testid="stAlertContentError">The catalogue could not be read.</div></div>
<div data-testid="stMarkdown"><p>Try again later.</p></div></div>"""


def test_a_page_showing_only_an_error_fails_the_content_check(page: Page) -> None:
    """The check above, on a page with a title, an st.error and a caption: it must not pass."""
    page.set_content(ONLY_AN_ERROR)
    with pytest.raises(AssertionError, match="stAlertContentError"):
        assert_real_content(page, "Tokenizers", timeout_ms=2_000)
    page.set_content(ONLY_AN_ERROR.replace("stAlertContentError", "stAlertContentInfo"))
    no_table = re.escape("expected to have count '1'") + r"\s+Actual value: 0"  # the catalogue's one table
    with pytest.raises(AssertionError, match=no_table):
        assert_real_content(page, "Tokenizers", timeout_ms=2_000)
