"""A text with its special tokens marked: escaped, whitespace kept, specials isolated."""

from __future__ import annotations

from tokenlab.text.marked import marked_html


def test_specials_are_boxes_and_every_character_is_escaped() -> None:
    html = marked_html([("<script>alert(1)</script> & ", False), ("<|im_end|>", True)], show_newlines=False)
    body = html[html.index(">") + 1 : -len("</div>")]
    assert body.startswith('&lt;script&gt;alert(1)&lt;/script&gt; &amp; <bdi class="tl-special"')
    assert body.endswith(">&lt;|im_end|&gt;</bdi>")
    assert "<script>" not in html


def test_line_breaks_are_shown_and_kept() -> None:
    html = marked_html([("a\nb", False)])
    assert '<span class="tl-newline" style="opacity: 0.45">↵</span>\nb' in html
    assert marked_html([("a\nb", False)], show_newlines=False).count("↵") == 0


def test_the_block_takes_its_direction_from_its_text() -> None:
    assert marked_html([]).startswith('<div class="tl-marked" dir="auto" ')
