"""Links that carry everything: a 10,000-character text and every page's Copy link box, in a real browser.

The sender types a text too long for a URL; the page keeps it on the server and its link
carries the text's key. The receiver, a fresh browser context (a new Streamlit session, only
the URL in common), opens that link and must see the same text and the same numbers.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import WAIT_MS, forgive_subpath_probes, settle
from tokenlab.text.share import text_key

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TEXT = ("Tokenizers split text differently; العربية 2024, हिन्दी, ไทย and 👩‍👩‍👧 too. " * 200)[:10_000]
PANEL_HEAD = re.compile(r" · [\d,]+ tokens · [\d.]+ chars/token$")
KEPT = "Your text (10,000 characters) is kept on this server for 30 days under its hash, which the link carries."

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
expect.set_options(timeout=15_000)


def open_url(page: Page, app_url: str, url: str) -> None:
    """The app's main page first (a server learns its pages from app.py's first run), then `url`."""
    page.goto(app_url)
    expect(page.locator(".tl-seg").first).to_be_attached(timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible(timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    forgive_subpath_probes(page, app_url, urllib.parse.urlsplit(url).path.strip("/"))


def type_text(page: Page, label: str, text: str) -> None:
    """Fill the text box `label` and commit it (Ctrl+Enter), as a visitor's paste does."""
    area = page.get_by_role("textbox", name=label, exact=True)
    area.fill(text)
    area.press("Control+Enter")


def wait_for_key(page: Page, text: str) -> str:
    """The link once the page has put `text`'s key into it (the text itself stays out)."""
    page.wait_for_url(f"**text_key={text_key(text)}*", timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    assert "text=" not in urllib.parse.urlsplit(page.url).query.replace("text_key=", "")
    return page.url


def link_box(page: Page) -> tuple[str, list[str]]:
    """Open the Copy link box: the URL it shows, and what it says travels and stays."""
    box = page.get_by_test_id("stExpander").filter(has_text="Copy link")
    box.get_by_text("Copy link", exact=True).click()
    code = box.get_by_test_id("stCode")
    expect(code).to_be_visible()
    notes = box.locator("li").all_inner_texts()
    return code.inner_text().strip(), [note.strip() for note in notes]


def same_link(shown: str, url: str) -> bool:
    """The box's URL and the browser's name the same page and the same query."""
    a, b = urllib.parse.urlsplit(shown), urllib.parse.urlsplit(url)
    return (a.scheme, a.netloc, a.path.rstrip("/")) == (b.scheme, b.netloc, b.path.rstrip("/")) and sorted(
        urllib.parse.parse_qsl(a.query, keep_blank_values=True)
    ) == sorted(urllib.parse.parse_qsl(b.query, keep_blank_values=True))


def panel_heads(page: Page) -> Locator:
    """Each segmentation panel's head: the tokenizer, its token count and chars/token."""
    return page.get_by_test_id("stMain").locator("p").filter(has_text=PANEL_HEAD)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_10000_character_text_survives_a_segmentation_link(new_page, app_url: str, viewport: dict[str, int]) -> None:
    sender = new_page(viewport=viewport)
    open_url(sender, app_url, f"{app_url}/?tok=gpt2,o200k_base")
    type_text(sender, "Text", TEXT)
    link = wait_for_key(sender, TEXT)
    expect(panel_heads(sender)).to_have_count(2, timeout=3 * WAIT_MS)
    shown, notes = link_box(sender)
    assert same_link(shown, link)
    assert KEPT in notes

    receiver = new_page(viewport=viewport)
    open_url(receiver, app_url, link)
    expect(panel_heads(receiver)).to_have_count(2, timeout=3 * WAIT_MS)
    expect(receiver.get_by_role("textbox", name="Text", exact=True)).to_have_value(TEXT)
    expect(receiver.get_by_test_id("stAlertContentWarning")).to_have_count(0)
    assert panel_heads(receiver).all_inner_texts() == panel_heads(sender).all_inner_texts()
    assert receiver.url == link


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_10000_character_text_survives_a_vocabulary_size_link(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    query = {"nnv": "1e9", "budget": "chars", "amount": "8T", "cpt": "gpt2", "on": "text"}
    sender = new_page(viewport=viewport)
    open_url(sender, app_url, f"{app_url}/vocab-scaling?{urllib.parse.urlencode(query)}")
    type_text(sender, "Text to measure characters per token on", TEXT)
    link = wait_for_key(sender, TEXT)
    info = sender.get_by_test_id("stAlertContentInfo").filter(has_text="on your text")
    expect(info).to_have_count(1, timeout=3 * WAIT_MS)
    expect(sender.get_by_test_id("stMetricValue")).to_have_count(3, timeout=3 * WAIT_MS)
    sent = [*sender.get_by_test_id("stMetricValue").all_inner_texts(), info.inner_text()]
    _, notes = link_box(sender)
    assert KEPT.replace("Your text", "The text measured on") in notes

    receiver = new_page(viewport=viewport)
    open_url(receiver, app_url, link)
    expect(receiver.get_by_test_id("stMetricValue")).to_have_count(3, timeout=3 * WAIT_MS)
    area = receiver.get_by_role("textbox", name="Text to measure characters per token on", exact=True)
    expect(area).to_have_value(TEXT)
    received = receiver.get_by_test_id("stAlertContentInfo").filter(has_text="on your text")
    assert [*receiver.get_by_test_id("stMetricValue").all_inner_texts(), received.inner_text()] == sent
    expect(receiver.get_by_test_id("stAlertContentWarning")).to_have_count(0)


#: Each page's path and a light link to it, and one sentence its Copy link box must say.
PAGES = {
    "": ("?tok=gpt2&text=Hello", "Your text (5 characters) is in the link itself."),
    "tokenizers": ("", "this page has no choices to carry"),
    "vocab-scaling": ("?nnv=1e9&tol=0.5", "the flat-basin tolerance and the cost table's batch size"),
    "vocab-lab": ("?section=overlap&tok=gpt2,llama3", "An uploaded file or tokenizer cannot travel in a link"),
    "languages": ("?tok=gpt2", "The charts' language count and search"),
    "corpus-efficiency": (
        "?tok=gpt2&domains=code&langs=eng",
        "An uploaded file or tokenizer cannot travel in a link",
    ),
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_page_has_a_copy_link_box_with_its_url_and_what_travels(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    for path, (query, says) in PAGES.items():
        open_url(page, app_url, f"{app_url}/{path}{query}")
        shown, notes = link_box(page)
        assert same_link(shown, page.url), path
        assert notes[0].startswith("The link carries "), path
        assert any(says in note for note in notes), (path, notes)
        box = page.get_by_test_id("stExpander").filter(has_text="Copy link")
        width = viewport["width"]
        assert (bounds := box.bounding_box()) and bounds["x"] + bounds["width"] <= width, f"{path}: wider than {width}"
