"""A text with its special tokens marked, as HTML: a decoded id list, a rendered chat prompt.

The text comes from a visitor (their ids, their turns), so every character goes through
`html.escape`. Whitespace is kept as it is (`white-space: pre-wrap`) and a line break can be
shown as "↵": a chat template's frame is mostly newlines, and a count that includes them should
be visible. Each special token is an isolated, unbreakable box (`<bdi>`), so "<|im_end|>"
inside Arabic text neither reorders the text around it nor wraps in the middle.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_BOX = (
    "display: block; white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, monospace; "
    "font-size: 0.9rem; line-height: 1.7; padding: 0.6rem 0.8rem; border-radius: 0.4rem; "
    "border: 1px solid rgba(128, 128, 128, 0.35); max-height: 24rem; overflow-y: auto"
)
_SPECIAL = (
    "white-space: nowrap; background: rgba(240, 98, 146, 0.30); border: 1px solid rgba(240, 98, 146, 0.75); "
    "border-radius: 0.3rem; padding: 0 0.2rem; font-weight: 600"
)
_LINE_BREAK_MARK = '<span class="tl-newline" style="opacity: 0.45">↵</span>\n'


def marked_html(parts: Sequence[tuple[str, bool]], show_newlines: bool = True) -> str:
    """`parts` ((text, special) in order) as one HTML block, specials as marked boxes.

    [("Hi", False), ("<|im_end|>", True)] -> '<div ...>Hi<bdi class="tl-special" ...>&lt;|im_end|&gt;</bdi></div>'
    """
    html = []
    for text, special in parts:
        if special:
            html.append(f'<bdi class="tl-special" title="special token" style="{_SPECIAL}">{escape(text)}</bdi>')
            continue
        escaped = escape(text)
        html.append(escaped.replace("\n", _LINE_BREAK_MARK) if show_newlines else escaped)
    return f'<div class="tl-marked" dir="auto" style="{_BOX}">{"".join(html)}</div>'
