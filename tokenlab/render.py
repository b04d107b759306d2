"""Segmentations as HTML: coloured token spans over the user's own text.

User text is untrusted, so every character reaches the page through `html.escape`, in the
span text and in the tooltip alike. The whole segmentation is one HTML string (one DOM insert,
not one widget per token), which is what keeps 25,000 tokens from freezing a browser.

A character split across tokens is shown once, by the first token that holds it; the other
tokens holding it render as thin markers so the count on screen matches the token count.
Characters that no token covers (a normalizer dropped them) are shown as plain text.
"""

from __future__ import annotations

from html import escape
from itertools import islice

from tokenlab.segment import Segmentation, Token

#: Hues with transparency: readable over both light and dark page backgrounds.
PALETTE = (
    "rgba(255, 179, 71, 0.40)",
    "rgba(100, 181, 246, 0.40)",
    "rgba(129, 199, 132, 0.40)",
    "rgba(240, 98, 146, 0.35)",
    "rgba(186, 104, 200, 0.38)",
    "rgba(255, 241, 118, 0.45)",
)

STYLE = """<style>
.tl-seg{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:0.92rem;
  line-height:1.9;white-space:pre-wrap;word-break:break-word}
.tl-tok{border-radius:3px;padding:1px 0;margin-right:1px}
.tl-cont{display:inline-block;width:3px;height:1.1em;vertical-align:middle;
  border-left:2px dotted currentColor;opacity:.6}
.tl-partial{text-decoration:underline dotted}
.tl-byte{outline:1px dashed rgba(230,81,0,.9)}
.tl-unknown{outline:2px solid rgba(211,47,47,.9)}
.tl-gap{opacity:.55}
</style>"""


def token_tooltip(token: Token) -> str:
    """What a hover shows: id, piece, bytes in hex and character offsets."""
    parts = [f"id {token.id}", f"piece {token.piece!r}", f"bytes {token.bytes.hex(' ')}", f"chars {token.start}–{token.end}"]
    if token.partial:
        parts.append("part of a character")
    if token.kind.value != "normal":
        parts.append(token.kind.value)
    return " · ".join(parts)


def segmentation_html(segmentation: Segmentation, *, max_tokens: int | None = None) -> str:
    """The text as coloured token spans (at most `max_tokens` tokens, then the rest as plain text)."""
    text = segmentation.text
    tokens = islice(segmentation, max_tokens)
    out = [STYLE, '<div class="tl-seg">']
    cursor = 0
    for index, token in enumerate(tokens):
        if token.start > cursor:
            out.append(f'<span class="tl-gap">{escape(text[cursor:token.start])}</span>')
        visible = text[max(cursor, token.start) : token.end]
        classes = "tl-tok" + (" tl-partial" if token.partial else "") + _KIND_CLASS.get(token.kind.value, "")
        if not visible:
            classes += " tl-cont"
        out.append(
            f'<span class="{classes}" style="background:{PALETTE[index % len(PALETTE)]}" '
            f'data-token-id="{token.id}" title="{escape(token_tooltip(token))}">{escape(visible)}</span>'
        )
        cursor = max(cursor, token.end)
    if cursor < len(text):
        out.append(f'<span class="tl-gap">{escape(text[cursor:])}</span>')
    out.append("</div>")
    return "".join(out)


_KIND_CLASS = {"byte": " tl-byte", "unknown": " tl-unknown"}
