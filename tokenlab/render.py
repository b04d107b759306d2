"""Segmentations as HTML: coloured token spans over the user's own text.

User text is untrusted, so every character reaches the page through `html.escape`, in the
span text and in the tooltip alike. The whole segmentation is one HTML string (one DOM insert,
not one widget per token), and at most `max_tokens` spans are drawn: 40,000 spans would
freeze a phone's browser, while the counts shown beside them stay exact.

Three views: "text" shows each token's characters (a character split across tokens is shown
once, by the first token holding it; the others render as thin markers), "ids" shows token
ids and "pieces" the vocabulary entries. Characters that no token covers (a normalizer
dropped them) are shown as plain text in every view, so nothing the user typed disappears.
"""

from __future__ import annotations

import re
from html import escape
from collections.abc import Sequence
from itertools import islice

from tokenlab.agreement import boundary_votes
from tokenlab.segment import Segmentation, Token

VIEWS = ("text", "ids", "pieces")

#: Hues with transparency: readable over both light and dark page backgrounds.
PALETTE = (
    "rgba(255, 179, 71, 0.40)",
    "rgba(100, 181, 246, 0.40)",
    "rgba(129, 199, 132, 0.40)",
    "rgba(240, 98, 146, 0.35)",
    "rgba(186, 104, 200, 0.38)",
    "rgba(255, 241, 118, 0.45)",
)

#: Visible stand-ins for whitespace, shown when "show whitespace" is on.
WHITESPACE_MARKS = {" ": "·", "\t": "→\t", "\n": "↵\n", "\r": "␍", "\u00a0": "⍽", "\u3000": "□"}
_WHITESPACE = re.compile("[" + "".join(WHITESPACE_MARKS) + "]")

STYLE = """<style>
.tl-seg,.tl-agree{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:0.9rem;
  line-height:1.9;white-space:pre-wrap;word-break:break-word}
.tl-agree{max-height:26rem;overflow-y:auto}
.tl-tok{border-radius:3px;padding:1px 0;position:relative}
.tl-tok:hover{outline:2px solid rgba(30,136,229,.9)}
.tl-tok:hover::after{content:attr(data-tip);position:absolute;left:0;top:1.6em;z-index:10;white-space:pre-wrap;
  width:max-content;max-width:16rem;
  background:#263238;color:#fff;font-size:.75rem;line-height:1.3;padding:2px 6px;border-radius:4px;pointer-events:none}
.tl-ids .tl-tok,.tl-pieces .tl-tok{padding:1px 3px;margin:0 2px 0 0}
.tl-text .tl-tok{box-shadow:inset -1px 0 0 rgba(128,128,128,.35)}
.tl-cont{display:inline-block;width:3px;height:1.1em;vertical-align:middle;
  border-left:2px dotted currentColor;opacity:.6}
.tl-partial{text-decoration:underline dotted}
.tl-byte{outline:1px dashed rgba(230,81,0,.9)}
.tl-unknown{outline:2px solid rgba(211,47,47,.9)}
.tl-gap{opacity:.55;text-decoration:line-through}
.tl-ws{opacity:.45}
.tl-more{font-size:.8rem;opacity:.7;margin-top:.3rem}
.tl-cut{display:inline-block;width:0;height:1.2em;vertical-align:middle;margin:0 1px}
.tl-cut-all{border-left:2px solid rgba(46,125,50,.9)}
.tl-cut-some{border-left:2px dashed rgba(230,81,0,.9)}
</style>"""

_KIND_CLASS = {"byte": " tl-byte", "unknown": " tl-unknown"}


def token_tooltip(token: Token) -> str:
    """What a hover (or a tap) shows: id, piece, bytes in hex and character offsets."""
    parts = [f"id {token.id}", f"piece {token.piece!r}", f"bytes {token.bytes.hex(' ')}", f"chars {token.start}–{token.end}"]
    if token.partial:
        parts.append("part of a character")
    if token.kind.value != "normal":
        parts.append(token.kind.value)
    return " · ".join(parts)


def show_text(fragment: str, show_whitespace: bool) -> str:
    """Escaped text; with `show_whitespace`, spaces, tabs and newlines get visible marks."""
    escaped = escape(fragment)
    if not show_whitespace:
        return escaped
    # escape() leaves whitespace alone, so marking it afterwards cannot touch user markup.
    return _WHITESPACE.sub(lambda m: f'<span class="tl-ws">{WHITESPACE_MARKS[m.group()]}</span>', escaped)


def segmentation_html(
    segmentation: Segmentation,
    *,
    view: str = "text",
    show_whitespace: bool = False,
    max_tokens: int | None = None,
) -> str:
    """The segmentation as one HTML block: coloured spans, tooltips, and a note when capped."""
    if view not in VIEWS:
        raise ValueError(f"Unknown view {view!r}; choose one of {', '.join(VIEWS)}.")
    text = segmentation.text
    out = [STYLE, f'<div class="tl-seg tl-{view}">']
    cursor = 0
    for index, token in enumerate(islice(segmentation, max_tokens)):
        if token.start > cursor:
            out.append(f'<span class="tl-gap">{show_text(text[cursor:token.start], show_whitespace)}</span>')
        visible = text[max(cursor, token.start) : token.end]
        classes = "tl-tok" + (" tl-partial" if token.partial else "") + _KIND_CLASS.get(token.kind.value, "")
        if view == "ids":
            shown = str(token.id)
        elif view == "pieces":
            shown = show_text(token.piece, show_whitespace)
        elif visible:
            shown = show_text(visible, show_whitespace)
        else:
            shown, classes = "", classes + " tl-cont"
        out.append(
            f'<span class="{classes}" style="background:{PALETTE[index % len(PALETTE)]}" '
            f'data-token-id="{token.id}" data-tip="{escape(token_tooltip(token))}">{shown}</span>'
        )
        cursor = max(cursor, token.end)
    shown_all = max_tokens is None or len(segmentation) <= max_tokens
    if shown_all and cursor < len(text):
        out.append(f'<span class="tl-gap">{show_text(text[cursor:], show_whitespace)}</span>')
    out.append("</div>")
    if not shown_all:
        out.append(
            f'<div class="tl-more">Showing the first {max_tokens:,} of {len(segmentation):,} tokens; '
            "counts cover all of them.</div>"
        )
    return "".join(out)


def agreement_html(segmentations: Sequence[Segmentation], *, max_chars: int = 4000) -> str:
    """The text with a mark at every boundary: solid where all tokenizers cut, dashed where only
    some do (hover: which ones). Shows the first `max_chars` characters."""
    if not segmentations:
        return ""
    text = segmentations[0].text[:max_chars]
    total = len(segmentations)
    out = [STYLE, '<div class="tl-agree">']
    cursor = 0
    for offset, ids in boundary_votes(segmentations).items():
        if offset >= len(text):
            break
        out.append(escape(text[cursor:offset]))
        kind = "all" if len(ids) == total else "some"
        title = f"{len(ids)} of {total} cut here: {', '.join(ids)}"
        out.append(f'<span class="tl-cut tl-cut-{kind}" title="{escape(title)}"></span>')
        cursor = offset
    out.append(escape(text[cursor:]))
    out.append("</div>")
    return "".join(out)
