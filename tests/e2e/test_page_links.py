"""Links that reopen a view: the Vocabulary size and Vocabulary lab pages, in a new browser context.

The first window opens a link and the page rewrites it with everything that shapes its view;
the second window, a fresh browser context (a new Streamlit session, only the URL in common),
opens the rewritten URL and must show the same numbers.
"""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, forgive_subpath_probes, settle

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
expect.set_options(timeout=15_000)


def open_link(page: Page, app_url: str, url: str, metrics: int) -> None:
    """Open `url` in `page`. The app's main page first: a server whose first session starts at a
    sub-page logs "The page that you have requested does not seem to exist" (Streamlit learns
    the pages from app.py's first run) before showing it; a shared link reaches a running app."""
    page.goto(app_url)
    expect(page.locator(".tl-seg").first).to_be_attached(timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    page.goto(url)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(metrics, timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    forgive_subpath_probes(page, app_url, urllib.parse.urlsplit(url).path.strip("/"))


def shown(page: Page) -> list[str]:
    """The metrics and the info and warning boxes: what a reopened view must repeat."""
    boxes = page.locator('[data-testid="stMetricValue"], [data-testid="stAlertContainer"]')
    return [text.strip() for text in boxes.all_inner_texts()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_vocabulary_size_link_with_a_character_budget_reopens_it(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    query = {"budget": "chars", "amount": "8T", "cpt": "gpt2", "on": "text", "text": "def f(x):\n    return 2 * x\n"}
    sender = new_page(viewport=viewport)
    open_link(sender, app_url, f"{app_url}/vocab-scaling?{urllib.parse.urlencode(query)}", metrics=3)
    expect(sender.get_by_text("GPT-2 / GPT-3 (r50k_base) measures")).to_be_visible()
    link = sender.url
    sent = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    assert {key: sent[key] for key in query} == query

    receiver = new_page(viewport=viewport)
    open_link(receiver, app_url, link, metrics=3)
    assert shown(receiver) == shown(sender)
    assert receiver.url == link


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_vocabulary_lab_link_reopens_its_section_and_choices(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    query = {"section": "trim", "tok": "llama3", "d": "2048", "dtype": "float32", "tied": "1", "keep": "0.99"}
    sender = new_page(viewport=viewport)
    open_link(sender, app_url, f"{app_url}/vocab-lab?{urllib.parse.urlencode(query)}", metrics=4)
    link = sender.url
    assert dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query)) == {**query, "on": "udhr", "langs": "eng"}

    receiver = new_page(viewport=viewport)
    open_link(receiver, app_url, link, metrics=4)
    assert shown(receiver) == shown(sender)
    expect(receiver.get_by_role("radio", name="Trim", exact=True)).to_be_checked()
