"""Complex scripts as a native reader must see them, in the token panels and in "Where they agree".

Measured in the browser's own layout, not in the HTML string:

- the DOM holds the text in logical order (each view's textContent is the text);
- "2024" inside Arabic and Hebrew sentences is drawn left to right, digit after digit, and the
  Arabic and Hebrew words run right to left (the first letter is the rightmost);
- shaping is intact: each paragraph's glyphs, summed over the text nodes the page split it into,
  are as wide as the same paragraph drawn as one plain string. A broken Arabic join, a
  Devanagari or Thai vowel sign on a dotted circle, or an emoji ZWJ sequence falling apart into
  its people all change that width.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, keep_screenshot, settle

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: GPT-2 splits letters into bytes and clusters into letters; Llama 3 and GPT-4o split numbers.
TOKENIZERS = ("gpt2", "llama3", "o200k_base")
PARAGRAPHS = (
    "في عام 2024 يولد جميع الناس أحرارًا متساوين",
    "בשנת 2024 כל בני האדם נולדו בני חורין",
    "सभी मनुष्यों को स्वतन्त्रता प्राप्त है",
    "มนุษย์ทั้งหลายเกิดมามีอิสระ",
    "family 👨‍👩‍👧‍👦 coder 👩🏽‍💻 flag 🏳️‍🌈",
)
TEXT = "\n".join(PARAGRAPHS)
RTL = PARAGRAPHS[:2]

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
expect.set_options(timeout=15_000)

#: JavaScript: for an element and a list of paragraphs, per paragraph: the summed width of its
#: glyphs in the element's text nodes, the width of the paragraph as one plain string in the
#: same font, the x of each digit of its "2024" (if any), and the x of its first and fifth letters.
MEASURE = """(element, paragraphs) => {
    const nodes = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node, offset = 0; (node = walker.nextNode()); offset += node.data.length) nodes.push([node, offset]);
    const full = element.textContent;
    const rects = (a, b) => nodes.flatMap(([node, start]) => {
        const from = Math.max(a - start, 0), to = Math.min(b - start, node.data.length);
        if (from >= to) return [];
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, to);
        return [...range.getClientRects()];
    });
    const x = at => rects(at, at + 1)[0].x;
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;left:-99999px;white-space:pre;font:' + getComputedStyle(element).font;
    document.body.appendChild(probe);
    const result = paragraphs.map(paragraph => {
        const start = full.indexOf(paragraph);
        probe.textContent = paragraph;
        const year = full.indexOf('2024', start);
        return {
            found: start >= 0,
            width: rects(start, start + paragraph.length).reduce((sum, rect) => sum + rect.width, 0),
            plain: probe.getBoundingClientRect().width,
            digits: year >= 0 && year < start + paragraph.length ? [0, 1, 2, 3].map(i => x(year + i)) : [],
            first: x(start),
            fifth: x(start + 4),
        };
    });
    probe.remove();
    return result;
}"""


def open_text(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?{urllib.parse.urlencode({'tok': ','.join(TOKENIZERS), 'text': TEXT})}")
    expect(page.locator(".tl-seg")).to_have_count(len(TOKENIZERS), timeout=3 * WAIT_MS)
    expect(page.locator(".tl-agree")).to_have_count(1, timeout=WAIT_MS)
    settle(page, 3 * WAIT_MS)
    page.evaluate("document.fonts.ready")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_scripts_are_drawn_intact_in_logical_order(
    new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    open_text(page, app_url)
    views = {"agreement strip": page.locator(".tl-agree")}
    views |= {f"{name} panel": page.locator(".tl-seg").nth(index) for index, name in enumerate(TOKENIZERS)}
    for name, view in views.items():
        assert view.evaluate("element => element.textContent") == TEXT, name
        for paragraph, measured in zip(PARAGRAPHS, view.evaluate(MEASURE, list(PARAGRAPHS)), strict=True):
            where = f"{name}: {paragraph}"
            assert measured["found"], where
            assert measured["width"] == pytest.approx(measured["plain"], abs=1.0), where
            if "2024" in paragraph:
                digits = measured["digits"]
                assert digits == sorted(digits) and len(set(digits)) == 4, (where, digits)
            if paragraph in RTL:
                assert measured["first"] > measured["fifth"], (where, measured)
    view = page.locator(".tl-agree")
    view.scroll_into_view_if_needed()
    path = artifacts_dir / f"scripts-agreement-{'phone' if viewport is PHONE else 'desktop'}.png"
    page.screenshot(path=path)
    keep_screenshot(path, (viewport["width"], viewport["height"]))
