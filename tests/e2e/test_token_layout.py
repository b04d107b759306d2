"""How tokens sit on the page, at a desktop and a phone width: a token never wraps inside itself.

A wrapped id ("9|280") reads as two tokens, so for every token span of every panel, in each
view, the browser's own line boxes (`getClientRects`) must all lie on one line. A token whose
text holds a line break is the one exception: the break is the user's, not a wrap.
"""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, settle
from tokenlab.text.render import VIEWS

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TOKENIZERS = ("o200k_base", "llama3", "gemma3", "bert-base-uncased")
#: Long ids (o200k_base's run past 100,000), long words, URLs, CJK and Thai without spaces,
#: Arabic, Devanagari and emoji, a line break: every way a line could end inside a token.
TEXT = (
    "Internationalization https://example.com/a/very/long/path?with=query&and=more 1234567890 "
    "Donaudampfschifffahrtsgesellschaftskapitän 人人生而自由，在尊严和权利上一律平等。 "
    "สวัสดีครับวันนี้อากาศดีมาก يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق 2024. "
    "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता 👨‍👩‍👧‍👦 👍🏽\n"
    "Tokenizers split text differently; ids like 100257 must stay whole on a 390 px phone. "
) * 3

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
expect.set_options(timeout=15_000)


def open_view(page: Page, app_url: str, view: str) -> None:
    query = urllib.parse.urlencode({"tok": ",".join(TOKENIZERS), "view": view, "text": TEXT})
    page.goto(f"{app_url}/?{query}")
    expect(page.locator(f".tl-seg.tl-{view}")).to_have_count(len(TOKENIZERS), timeout=3 * WAIT_MS)
    settle(page, 3 * WAIT_MS)


def wrapped_tokens(page: Page) -> list[dict]:
    """Token spans whose line boxes lie on more than one line (a line break in the text aside)."""
    return page.locator(".tl-seg").evaluate_all(
        """panels => panels.flatMap(panel => [...panel.querySelectorAll('span.tl-tok')]
            .filter(span => !/[\\n\\r\\u2028\\u2029]/.test(span.textContent))
            .map(span => ({
                id: span.dataset.tokenId,
                text: span.textContent,
                tops: [...new Set([...span.getClientRects()].map(rect => Math.round(rect.top)))],
            }))
            .filter(token => token.tops.length !== 1))"""
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_token_wraps_inside_itself(new_page, app_url: str, viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    for view in VIEWS:
        open_view(page, app_url, view)
        lines = page.locator(".tl-seg").first.evaluate(
            """panel => new Set([...panel.querySelectorAll('span.tl-tok')]
                .map(span => Math.round(span.getBoundingClientRect().top))).size"""
        )
        assert lines > (3 if viewport is DESKTOP else 20), (view, lines)  # the text really wraps
        assert wrapped_tokens(page) == [], view
        if view == "ids":
            ids = page.locator(".tl-seg span.tl-tok").evaluate_all(
                "spans => spans.map(span => [span.textContent, span.dataset.tokenId])"
            )
            assert ids and all(shown == token_id for shown, token_id in ids)
        # Nothing sticks out of its panel sideways.
        overflow = page.locator(".tl-seg").evaluate_all(
            "panels => panels.map(panel => panel.scrollWidth - panel.clientWidth)"
        )
        assert max(overflow) <= 0, (view, overflow)
