"""Token spans as HTML: escaped, complete, one span per token."""

from __future__ import annotations

import re
from html import unescape

import tokenlab
from tokenlab.render import segmentation_html, token_tooltip

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def visible_text(html: str) -> str:
    body = html.split("</style>", 1)[1]
    return unescape(re.sub(r"<[^>]+>", "", body))


def test_user_markup_is_escaped_in_text_and_tooltips() -> None:
    html = segmentation_html(tokenlab.load_tokenizer("o200k_base").segment(XSS + ' " onmouseover="x'))
    assert "<script>" not in html and "<img" not in html
    assert 'onmouseover="x' not in html
    assert visible_text(html) == XSS + ' " onmouseover="x'


def test_every_token_gets_one_span_and_the_text_reads_back_exactly() -> None:
    text = "a😀 नमस्ते\n\tb"
    segmentation = tokenlab.load_tokenizer("gpt2").segment(text)
    html = segmentation_html(segmentation)
    assert html.count('class="tl-tok') == len(segmentation)
    assert re.findall(r'data-token-id="(\d+)"', html) == [str(i) for i in segmentation.ids]
    assert visible_text(html) == text
    assert html.count(' tl-cont"') == sum(1 for a, b in zip(segmentation.tokens, segmentation.tokens[1:]) if b.start < a.end)


def test_characters_dropped_by_a_normalizer_are_still_shown() -> None:
    text = "Hi  there\x07!"
    html = segmentation_html(tokenlab.load_tokenizer("bert-base-uncased").segment(text))
    assert visible_text(html) == text
    assert '<span class="tl-gap">' in html


def test_byte_fallback_and_unknown_tokens_are_marked() -> None:
    assert "tl-byte" in segmentation_html(tokenlab.load_tokenizer("llama2").segment("🧬"))
    assert "tl-unknown" in segmentation_html(tokenlab.load_tokenizer("bert-base-uncased").segment("🧬"))


def test_max_tokens_caps_spans_but_keeps_the_rest_of_the_text() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("one two three four five")
    html = segmentation_html(segmentation, max_tokens=2)
    assert html.count('class="tl-tok') == 2
    assert visible_text(html) == "one two three four five"


def test_tooltip_shows_id_piece_bytes_and_offsets() -> None:
    token = tokenlab.load_tokenizer("gpt2").segment("a😀")[1]
    assert token_tooltip(token) == "id 47249 · piece '<0xF0><0x9F><0x98>' · bytes f0 9f 98 · chars 1–2 · part of a character"
