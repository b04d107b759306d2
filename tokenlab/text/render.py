"""Segmentations as HTML: coloured token spans over the user's own text.

User text is untrusted, so every character reaches the page through `html.escape`, in the
span text and in the tooltip alike. The whole segmentation is one HTML string (one DOM insert,
not one widget per token), and at most `max_tokens` spans are drawn: 40,000 spans would
freeze a phone's browser, while the counts shown beside them stay exact.

Three views: "text" shows each token's characters (a character split across tokens is shown
once, by the first token holding it; the others render as thin markers), "ids" shows token
ids and "pieces" the vocabulary entries. Characters that no token covers (a normalizer
dropped them) are shown as plain text in every view, so nothing the user typed disappears.

Scripts stay intact for a native reader:

- The text view and the agreement strip draw by grapheme cluster: a token that ends inside a
  cluster (between न and the virama of न्, inside an emoji ZWJ sequence) shows the whole
  cluster, and the token holding the rest becomes a thin marker, so no vowel sign lands on a
  dotted circle; a boundary inside a cluster is shown as a dotted underline of the cluster.
- Nothing placed inside the text changes its shaping or its bidirectional order: token spans
  are plain inline boxes, and boundary marks are empty inline spans painted with a background.
  An inline-block, a border or an isolated span there would count as a neutral character and
  show "2024" in Arabic text as "2420", or cut the joins between Arabic letters.
- Each paragraph takes its direction from its own first strong character (`dir="auto"` on the
  block, `unicode-bidi: plaintext` per paragraph); in the ids and pieces views, each token is
  an isolated box with `dir="auto"`.

A token's details (id, piece, bytes, offsets) show on hover and, where there is no hover (a
phone), on a tap: each token span can take focus (`tabindex="-1"`: a tap or click focuses it,
the Tab key does not walk through thousands of tokens) and `:focus` shows the same tooltip.

A token never wraps inside itself: ids and pieces are unbreakable boxes, and text-view tokens
break only at their edges (`white-space: pre`), so "9280" never reads as "92" and "80".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from html import escape
from itertools import islice

import regex

from tokenlab.text.agreement import boundary_votes
from tokenlab.text.segment import Segmentation, Token

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
_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")

STYLE = """<style>
.tl-seg,.tl-agree{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:0.9rem;
  line-height:1.9;white-space:pre-wrap;word-break:break-word;unicode-bidi:plaintext}
.tl-agree{max-height:26rem;overflow-y:auto}
.tl-tok{border-radius:3px;padding:1px 0;position:relative;white-space:pre}
.tl-tok:hover,.tl-tok:focus{outline:2px solid rgba(30,136,229,.9)}
.tl-tok:hover::after,.tl-tok:focus::after{content:attr(data-tip);position:absolute;left:0;top:1.6em;z-index:10;white-space:pre-wrap;
  width:max-content;max-width:16rem;direction:ltr;unicode-bidi:isolate;
  background:#263238;color:#fff;font-size:.75rem;line-height:1.3;padding:2px 6px;border-radius:4px;pointer-events:none}
.tl-ids .tl-tok,.tl-pieces .tl-tok{display:inline-block;line-height:1.35;padding:1px 3px;margin:0 2px 0 0}
.tl-pieces .tl-tok.tl-br{display:inline;white-space:pre-wrap}
.tl-text .tl-tok{box-shadow:inset -1px 0 0 rgba(128,128,128,.35)}
.tl-cont{display:inline-block;width:4px;height:1.2em;vertical-align:text-bottom;padding:0;
  background:repeating-linear-gradient(currentColor 0 2px,transparent 2px 4px) center/2px 100% no-repeat}
.tl-partial{text-decoration:underline dotted}
.tl-byte{outline:1px dashed rgba(230,81,0,.9)}
.tl-unknown{outline:2px solid rgba(211,47,47,.9)}
.tl-gap{opacity:.55;text-decoration:line-through}
.tl-ws{opacity:.45}
.tl-more{font-size:.8rem;opacity:.7;margin-top:.3rem}
.tl-cut{position:relative;padding:0 3px;margin:0 -3px}
.tl-cut-all{background:linear-gradient(rgba(46,125,50,.95),rgba(46,125,50,.95)) center/2px 100% no-repeat}
.tl-cut-some{
  background:repeating-linear-gradient(rgba(230,81,0,.9) 0 3px,transparent 3px 6px) center/2px 100% no-repeat}
.tl-cut-inside{text-decoration:underline dotted rgba(230,81,0,.95)}
</style>"""

_KIND_CLASS = {"byte": " tl-byte", "unknown": " tl-unknown"}

_CLUSTER = regex.compile(r"\X")


def cluster_edges(text: str) -> list[int]:
    """Where `text` can be cut without splitting what a reader sees as one character (an
    extended grapheme cluster: स्ते, é as e + U+0301, 👨‍👩‍👧‍👦): each cluster's start, then len(text).

    cluster_edges("नमस्ते") -> [0, 1, 2, 6]
    """
    return [match.start() for match in _CLUSTER.finditer(text)] + [len(text)]


def token_tooltip(token: Token, splits_cluster: bool = False) -> str:
    """What a hover (or a tap) shows: id, piece, bytes in hex and character offsets."""
    parts = [
        f"id {token.id}",
        f"piece {token.piece!r}",
        f"bytes {token.bytes.hex(' ')}",
        f"chars {token.start}–{token.end}",
    ]
    if token.partial:
        parts.append("part of a character")
    elif splits_cluster:
        parts.append("part of a character as read (grapheme cluster)")
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
    edges = cluster_edges(text) if view == "text" else None
    out = [STYLE, f'<div class="tl-seg tl-{view}" dir="auto">']
    cursor = 0
    for index, token in enumerate(islice(segmentation, max_tokens)):
        start, end = token.start, token.end
        if edges is not None:  # widened to whole clusters: a vowel sign stays on its consonant
            start, end = edges[bisect_right(edges, start) - 1], edges[bisect_left(edges, end)]
        if start > cursor:
            out.append(f'<span class="tl-gap">{show_text(text[cursor:start], show_whitespace)}</span>')
        visible = text[max(cursor, start) : end]
        splits = (start, end) != (token.start, token.end)
        classes = "tl-tok" + (" tl-partial" if token.partial or splits else "") + _KIND_CLASS.get(token.kind.value, "")
        attributes = f'style="background:{PALETTE[index % len(PALETTE)]}"'
        if view == "ids":
            shown = str(token.id)
        elif view == "pieces":
            shown = show_text(token.piece, show_whitespace)
            if _LINE_BREAK.search(token.piece):  # an unbreakable box would stack its lines
                classes += " tl-br"
        elif visible:
            shown = show_text(visible, show_whitespace)
        else:
            shown, classes, attributes = "", classes + " tl-cont", ""
        if view != "text":  # an isolated box: a piece of Arabic reads right to left inside it
            attributes += ' dir="auto"'
        out.append(
            f'<span class="{classes}" {attributes} '
            f'data-token-id="{token.id}" data-tip="{escape(token_tooltip(token, splits))}" tabindex="-1">{shown}</span>'
        )
        cursor = max(cursor, end)
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
    some do (hover: which ones); a character some tokenizers cut inside is underlined instead
    (hover: which ones). Shows the first `max_chars` characters."""
    if not segmentations:
        return ""
    text = segmentations[0].text[:max_chars]
    total = len(segmentations)
    edges = cluster_edges(text)
    on_edge = set(edges)
    cuts: dict[int, list[str]] = {}
    inside: dict[int, tuple[int, list[str]]] = {}  # cluster start -> (its end, who cuts inside it)
    for offset, ids in boundary_votes(segmentations).items():
        if offset >= len(text):
            break
        if offset in on_edge:
            cuts[offset] = ids
            continue
        where = bisect_right(edges, offset)
        cutters = inside.setdefault(edges[where - 1], (edges[where], []))[1]
        cutters.extend(tokenizer_id for tokenizer_id in ids if tokenizer_id not in cutters)
    out = [STYLE, '<div class="tl-agree" dir="auto">']
    cursor = 0
    for offset in sorted(cuts.keys() | inside.keys()):
        out.append(escape(text[cursor:offset]))
        cursor = offset
        if voters := cuts.get(offset):
            kind = "all" if len(voters) == total else "some"
            title = f"{len(voters)} of {total} cut here: {', '.join(voters)}"
            out.append(f'<span class="tl-cut tl-cut-{kind}" title="{escape(title)}"></span>')
        if offset in inside:
            cursor, cutters = inside[offset]
            title = f"{len(cutters)} of {total} cut inside this character: {', '.join(cutters)}"
            out.append(f'<span class="tl-cut-inside" title="{escape(title)}">{escape(text[offset:cursor])}</span>')
    out.append(escape(text[cursor:]))
    out.append("</div>")
    return "".join(out)
