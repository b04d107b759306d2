"""Every page in the navigation, opened through the sidebar as a user would, shows real content.

The pages are read from the sidebar's own links, so a page added to app.py is covered without
touching this file. Per page: its own title, no `stException`, every chart drawn by plotly,
a screenshot in tests/e2e/artifacts/page-<url path>.png; conftest fails the test on any console
error or request leaving localhost.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import save_screenshot, settle

WAIT_MS = 90_000  # a page that profiles a corpus on first open needs a while on a 2-CPU box
CONTENT = ("stPlotlyChart", "stDataFrame", "stMetric", "stTable", "stHtml", "stAlert", "stMarkdown")

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def nav_links(page: Page) -> list[tuple[str, str]]:
    """(label, href) of every sidebar navigation link, expanding "View more" when there is one."""
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_role("link").first).to_be_visible()
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text().lower():
        more.click()
    return nav.get_by_role("link").evaluate_all(  # innerText starts with the icon's ligature name ("list\n\nTokenizers")
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


def assert_real_content(page: Page, label: str) -> None:
    main = page.get_by_test_id("stMain")
    expect(main.get_by_test_id("stException")).to_have_count(0)
    charts = main.get_by_test_id("stPlotlyChart")
    for index in range(charts.count()):  # each chart is drawn, not an empty frame
        expect(charts.nth(index).locator(".js-plotly-plot .main-svg").first).to_be_attached(timeout=WAIT_MS)
    shown = {test_id: main.get_by_test_id(test_id).count() for test_id in CONTENT}
    assert sum(shown.values()) > 0, f"{label}: only a title, no content ({shown})"


def slug(href: str) -> str:
    return urllib.parse.urlsplit(href).path.strip("/") or "home"


def test_every_page_opens_from_the_sidebar_with_content(page: Page, app_url: str, artifacts_dir: Path) -> None:
    page.goto(f"{app_url}/?tok=gpt2&text=Hello%20world")  # a light first page: one tokenizer
    expect(page.locator(".tl-seg").first).to_be_attached(timeout=WAIT_MS)
    settle(page)
    links = nav_links(page)
    assert len(links) >= 4, links
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
