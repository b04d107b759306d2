"""Token spans as HTML: escaped, complete, one span per token."""

from __future__ import annotations

import itertools
import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.text.render import VIEWS, agreement_html, cluster_edges, segmentation_html, show_text, token_tooltip

TOKEN_SPAN = r'<span class="(tl-tok[^"]*)"[^>]*>([^<]*)</span>'
XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


def visible_text(html: str) -> str:
    body = html.split("</style>", 1)[1]
    return unescape(re.sub(r"<[^>]+>", "", body))


def shown_tokens(html: str) -> list[tuple[str, str]]:
    """(classes, shown text) of every token span, in order."""
    return [(classes, unescape(shown)) for classes, shown in re.findall(TOKEN_SPAN, html)]


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
    # GPT-2 spends two byte tokens on each Devanagari letter and cuts स्ते into four letters: each
    # grapheme cluster is shown whole by the first token holding it, the rest are thin markers.
    assert shown_tokens(html) == [
        ("tl-tok", "a"),
        ("tl-tok tl-partial", "😀"),
        ("tl-tok tl-partial tl-cont", ""),
        ("tl-tok tl-partial", " न"),
        ("tl-tok tl-partial tl-cont", ""),
        ("tl-tok tl-partial", "म"),
        ("tl-tok tl-partial tl-cont", ""),
        ("tl-tok tl-partial", "स्ते"),
        *[("tl-tok tl-partial tl-cont", "")] * 7,
        ("tl-tok", "\n"),
        ("tl-tok", "\t"),
        ("tl-tok", "b"),
    ]


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
    assert ">Hello</span>" in pieces and '><span class="tl-ws">·</span>world</span>' in pieces


def test_whitespace_marks_are_added_after_escaping() -> None:
    assert show_text("a <b>\tc\n", show_whitespace=True) == (
        'a<span class="tl-ws">·</span>&lt;b&gt;<span class="tl-ws">→\t</span>c<span class="tl-ws">↵\n</span>'
    )
    assert show_text("a <b>", show_whitespace=False) == "a &lt;b&gt;"


def test_unknown_view_is_rejected() -> None:
    with pytest.raises(ValueError, match=re.escape("Unknown view 'bytes'; choose one of text, ids, pieces.")):
        segmentation_html(tokenlab.load_tokenizer("gpt2").segment("x"), view="bytes")


def test_agreement_marks_all_and_some_boundaries() -> None:
    text = "unbelievable stuff"
    html = agreement_html(
        [tokenlab.load_tokenizer(t).segment(text) for t in ("gpt2", "o200k_base", "bert-base-uncased")]
    )
    assert visible_text(html) == text
    assert 'title="3 of 3 cut here: gpt2, o200k_base, bert-base-uncased"' in html
    assert "tl-cut-some" in html


def test_agreement_escapes_text() -> None:
    html = agreement_html([tokenlab.load_tokenizer("gpt2").segment(XSS)])
    assert "<script>" not in html and visible_text(html) == XSS


def test_tooltip_shows_id_piece_bytes_and_offsets() -> None:
    token = tokenlab.load_tokenizer("gpt2").segment("a😀")[1]
    assert (
        token_tooltip(token)
        == "id 47249 · piece '<0xF0><0x9F><0x98>' · bytes f0 9f 98 · chars 1–2 · part of a character"
    )


def test_pieces_holding_a_line_break_flow_as_text_so_the_box_does_not_stack_lines() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("one\n\ntwo")
    pieces = segmentation_html(segmentation, view="pieces")
    broken = re.findall(r'class="tl-tok( tl-br)?"[^>]*>([^<]*)</span>', pieces)
    assert broken == [("", "one"), (" tl-br", "\n\n"), ("", "two")]
    assert 'class="tl-tok tl-br"' not in segmentation_html(segmentation, view="ids")


def test_cluster_edges_keep_conjuncts_emoji_sequences_and_combining_marks_whole() -> None:
    assert cluster_edges("नमस्ते") == [0, 1, 2, 6]
    assert cluster_edges("e\u0301a👨\u200d👩\u200d👧!") == [0, 2, 3, 8, 9]
    assert cluster_edges("") == [0]


def test_agreement_strip_underlines_a_character_cut_inside_instead_of_splitting_it() -> None:
    segmentations = [tokenlab.load_tokenizer(t).segment("नमस्ते 👨\u200d👩\u200d👧") for t in ("gpt2", "o200k_base")]
    html = agreement_html(segmentations).split("</style>", 1)[1]
    cut = '<span class="tl-cut tl-cut-all" title="2 of 2 cut here: gpt2, o200k_base"></span>'
    inside = '<span class="tl-cut-inside" title="2 of 2 cut inside this character: gpt2, o200k_base">'
    assert html == (
        f'<div class="tl-agree" dir="auto">न{cut}म{cut}{inside}स्ते</span>{cut} {cut}'
        f"{inside}👨\u200d👩\u200d👧</span></div>"
    )


def test_ids_and_pieces_are_isolated_boxes_and_blocks_take_their_direction_from_the_text() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("مرحبا 2024")
    for view in ("ids", "pieces"):
        html = segmentation_html(segmentation, view=view)
        assert f'<div class="tl-seg tl-{view}" dir="auto">' in html
        assert html.count(' dir="auto" data-token-id=') == len(segmentation)
    assert ' dir="auto" data-token-id=' not in segmentation_html(segmentation, view="text")


def edges_between_spans(html: str) -> list[int]:
    """Character offsets where one span of the text view (a token or a gap) ends and the next begins."""
    body = html.split("</style>", 1)[1]
    texts = [unescape(text) for text in re.findall(r'<span class="(?:tl-tok[^"]*|tl-gap)"[^>]*>([^<]*)</span>', body)]
    return list(itertools.accumulate(len(text) for text in texts))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
@settings(max_examples=200, deadline=None)
def test_no_view_cuts_inside_a_grapheme_cluster_and_the_text_reads_back(text: str) -> None:
    segmentations = [tokenlab.load_tokenizer(t).segment(text) for t in ("gpt2", "bert-base-uncased")]
    edges = set(cluster_edges(text))
    for segmentation in segmentations:
        html = segmentation_html(segmentation)
        assert visible_text(html) == text
        assert set(edges_between_spans(html)) <= edges
    strip = agreement_html(segmentations)
    assert visible_text(strip) == text
    pieces = re.split(r'<span class="tl-cut tl-cut-\w+" title="[^"]*"></span>', strip.split("</style>", 1)[1])
    marks = itertools.accumulate(len(unescape(re.sub(r"<[^>]+>", "", piece))) for piece in pieces[:-1])
    assert set(marks) <= edges


def test_every_token_takes_focus_on_a_tap_and_shows_its_tooltip_when_focused() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("Hello 9280 مرحبا")
    for view in VIEWS:
        html = segmentation_html(segmentation, view=view)
        # Focusable by a tap or a click, but out of the Tab order (thousands of tokens).
        assert html.count('tabindex="-1">') == html.count('class="tl-tok') == len(segmentation)
        assert ".tl-tok:hover::after,.tl-tok:focus::after{content:attr(data-tip)" in html
