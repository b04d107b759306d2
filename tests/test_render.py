"""Token spans as HTML: escaped, complete, one span per token."""

from __future__ import annotations

import re
from html import unescape

import pytest

import tokenlab
from tokenlab.render import agreement_html, segmentation_html, show_text, token_tooltip

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


def test_max_tokens_caps_spans_and_says_so() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("one two three four five")
    html = segmentation_html(segmentation, max_tokens=2)
    assert html.count('class="tl-tok') == 2
    assert "Showing the first 2 of 5 tokens; counts cover all of them." in html
    assert "three" not in html.split("</style>", 1)[1]


def test_ids_view_shows_ids_and_pieces_view_shows_vocabulary_entries() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("Hello world")
    assert re.findall(r">(\d+)</span>", segmentation_html(segmentation, view="ids")) == ["13225", "2375"]
    pieces = segmentation_html(segmentation, view="pieces", show_whitespace=True)
    assert '>Hello</span>' in pieces and '><span class="tl-ws">·</span>world</span>' in pieces


def test_whitespace_marks_are_added_after_escaping() -> None:
    assert show_text("a <b>\tc\n", show_whitespace=True) == (
        'a<span class="tl-ws">·</span>&lt;b&gt;<span class="tl-ws">→\t</span>c<span class="tl-ws">↵\n</span>'
    )
    assert show_text("a <b>", show_whitespace=False) == "a &lt;b&gt;"


def test_unknown_view_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown view 'bytes'; choose one of text, ids, pieces."):
        segmentation_html(tokenlab.load_tokenizer("gpt2").segment("x"), view="bytes")


def test_agreement_marks_all_and_some_boundaries() -> None:
    text = "unbelievable stuff"
    html = agreement_html([tokenlab.load_tokenizer(t).segment(text) for t in ("gpt2", "o200k_base", "bert-base-uncased")])
    assert visible_text(html) == text
    assert 'title="3 of 3 cut here: gpt2, o200k_base, bert-base-uncased"' in html
    assert "tl-cut-some" in html


def test_agreement_escapes_text() -> None:
    html = agreement_html([tokenlab.load_tokenizer("gpt2").segment(XSS)])
    assert "<script>" not in html and visible_text(html) == XSS


def test_tooltip_shows_id_piece_bytes_and_offsets() -> None:
    token = tokenlab.load_tokenizer("gpt2").segment("a😀")[1]
    assert token_tooltip(token) == "id 47249 · piece '<0xF0><0x9F><0x98>' · bytes f0 9f 98 · chars 1–2 · part of a character"
