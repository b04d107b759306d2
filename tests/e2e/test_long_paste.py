"""Pasting more text than tokenlab segments at a time: clipped with the upload path's notice.

A real paste (the clipboard and Ctrl+V), at a desktop and a phone size: the box keeps the first
100,000 characters, the page says what happened, and the panels count what is shown.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

import tokenlab
from tests.e2e.browser import WAIT_MS, settle
from tests.e2e.server import Server
from tokenlab import settings
from tokenlab.text.user_text import clip_text

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASTED = ("Tokenizers split text differently. " * 3000)[:100_500]

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]
expect.set_options(timeout=15_000)


def paste(page: Page, text: str) -> None:
    """Put `text` on the clipboard and paste it into the (emptied) text box with Ctrl+V, then commit."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    area = page.get_by_role("textbox", name="Text", exact=True)
    area.fill("")
    area.focus()
    page.keyboard.press("Control+V")
    area.press("Control+Enter")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_paste_over_the_limit_is_clipped_with_a_notice(new_page, server: Server, viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    page.goto(f"{server.url}/?tok=gpt2&text=Hi")
    expect(page.locator(".tl-seg")).to_have_count(1, timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)

    paste(page, PASTED)

    kept, notice = clip_text(PASTED)
    assert notice and len(kept) == settings.MAX_TEXT_CHARS
    warning = page.get_by_test_id("stAlertContentWarning")
    expect(warning).to_have_text(notice, timeout=3 * WAIT_MS)
    tokens = len(tokenlab.load_tokenizer("gpt2").encode(kept))
    expect(page.get_by_text(f"· {tokens:,} tokens ·")).to_be_visible(timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)
    assert page.get_by_role("textbox", name="Text", exact=True).input_value() == kept
    # Each rerun keeps the widgets' values through the Session State API; a widget that also
    # passed a default would make Streamlit log a warning for it.
    assert "created with a default value" not in server.output()
