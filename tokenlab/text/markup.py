"""Strings from visitors, made to show as the literal text they are in Streamlit and in plotly.

A file name, a query parameter or a group name from an uploaded table is data, but Streamlit
renders the text of `st.markdown`, `st.caption`, `st.warning`/`info`/`error`, progress and
spinner texts, widget labels and help as markdown, and plotly renders a subset of HTML in
every text, hover and axis label. Shown as it is, `[Download](https://evil.example/x)` would
become a link inside the app's own warning box and `![p](http://host/pixel.png)` a tracker
image the visitor's browser fetches. Every such string goes through one of these two:

    markdown_text("[x](https://e.org) *em*")  ->  "\\[x\\]\\(https\\:\u2060\\/\\/e\\.org\\) \\*em\\*"
    plotly_text("<a href='x'>b</a> & c")      ->  "&lt;a href='x'&gt;b&lt;/a&gt; &amp; c"

`markdown_text` is for text inside markdown: a whole message of the library (plain text) or
a user's value placed into a sentence of the page. It leaves nothing for the markdown parser
to act on, and nothing for the rewrites Streamlit runs on the parsed text (see below).
"""

from __future__ import annotations

import re
from html import escape

#: U+2060 WORD JOINER: invisible, no line break opportunity; it splits the character
#: sequences that Streamlit's markdown rewrites after parsing, where escapes are already gone.
WORD_JOINER = "\u2060"

#: Every ASCII punctuation character: CommonMark lets a backslash make any of them literal,
#: which covers emphasis, links, images, HTML, headings, lists, tables and strikethrough,
#: Streamlit's `$` LaTeX, its `:name[...]` directives and its `:material/...:` icons (whose
#: `/` it rewrites in the source before parsing).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")

#: Runs of the whitespace CommonMark reads as line structure (or indentation): one space
#: keeps the text on one line of one paragraph (HTML shows a run of spaces as one anyway).
_LAYOUT_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")

#: The text rewrites of Streamlit 1.67's markdown (StreamlitMarkdown.tsx and its remark
#: plugins) and of remark-gfm, which run on parsed text, so a backslash cannot stop them;
#: a word joiner placed where each pattern needs a particular character can:
#: `:smile:` emoji, `:material_icon:`, `:streamlit:` (its logo as an image), `https://` and
#: `mailto:` autolinks (a colon and what follows it); `www.` autolinks; `user@host.org` e-mail
#: autolinks; "->", "<-", "<->", "--", ">=", "<=", "~=" between spaces (arrows and dashes).
#: JavaScript's `\s` also holds U+FEFF, so the arrows' boundaries count it as a space too.
_COLON_OR_AT = re.compile(r"(?<=[:@])(?=\S)")
_WWW = re.compile(r"(?<=www)(?=\.)", re.IGNORECASE)
_ARROWS = re.compile(r"(?<![^\s\ufeff])(?:<->|->|<-|--|>=|<=|~=)(?![^\s\ufeff])")


def markdown_text(text: str) -> str:
    """`text` as markdown that Streamlit shows as exactly that text, on one line."""
    text = _LAYOUT_WHITESPACE.sub(" ", text)
    text = _COLON_OR_AT.sub(WORD_JOINER, text)
    text = _WWW.sub(WORD_JOINER, text)
    text = _ARROWS.sub(lambda match: match[0][0] + WORD_JOINER + match[0][1:], text)
    return _PUNCTUATION.sub(r"\\\1", text)


def plotly_text(text: str) -> str:
    """`text` for a plotly label, hover text or title: its HTML-like tags shown, not applied.

    Plotly converts `&lt;`, `&gt;` and `&amp;` back to characters after reading its tags (but
    not `&quot;`, so quotes stay as they are: outside a tag they mean nothing to it).
    """
    return escape(text, quote=False)
