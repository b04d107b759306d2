"""Visitor strings shown as literal text: markdown through a CommonMark parser, plotly by its rules.

markdown-it-py (CommonMark, plus GitHub tables and strikethrough) stands in for Streamlit's
parser here: whatever `markdown_text` returns must parse into one paragraph of plain text that
reads exactly like the input. Streamlit's own rewrites of parsed text (emoji, icons, its logo,
autolinks, arrows) are checked with their patterns, copied from Streamlit 1.67's frontend and
remark-gfm; tests/e2e/test_markdown_injection.py shows the same strings in a real browser.
"""

from __future__ import annotations

import html
import re

from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tokenlab.text.markup import WORD_JOINER, markdown_text, plotly_text

COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])
INJECTION = "[Download](https://evil.example/x) ![p](http://127.0.0.1:9/pixel.png) <b>x</b> *em* :red[r] $x^2$"
#: Patterns that Streamlit's markdown applies to parsed text (JavaScript `\w` is ASCII-only).
STREAMLIT_TEXT_REWRITES = {
    "material icon": re.compile(r":material_(\w+):", re.ASCII),
    "Streamlit logo image": re.compile(r":streamlit:"),
    "emoji shortcode": re.compile(r":\+1:|:-1:|:[\w-]+:", re.ASCII),
    "URL autolink": re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.ASCII | re.IGNORECASE),
    "e-mail autolink": re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)", re.ASCII),
    "arrow or dash": re.compile(r"(^|[\s\ufeff])(<->|->|<-|--|>=|<=|~=)([\s\ufeff]|$)"),
}
FRAGMENTS = [
    *"[]()!*_`~#>+-.:|$\\<=&@{}/^\"' \t\n",
    "http",
    "https://",
    "www.",
    "evil.example",
    "material/",
    "material_home",
    "streamlit",
    "smile",
    "red[",
    "amp;",
    "&#60;",
    "    ",
    "1.",
    "a",
    "é",
    "\ufeff",
    "\u00a0",
]
hostile = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)


def rendered_text(source: str) -> str:
    """The text of `source` parsed as markdown, which must be one paragraph without any markup."""
    # Streamlit's own first step (StreamlitMarkdown.tsx): icons are rewritten in the source.
    output = COMMONMARK.render(source.replace(":material/", ":material_"))
    if not output:
        return ""
    assert output.startswith("<p>") and output.endswith("</p>\n"), output
    inner = output.removeprefix("<p>").removesuffix("</p>\n")
    assert "<" not in inner, f"markup in {output!r}"
    return html.unescape(inner)


def shown(text: str) -> str:
    """What a browser shows of `text` in a paragraph: whitespace runs as one space, none at the ends."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text.replace("\x00", "\ufffd")).strip()


@given(st.one_of(hostile, st.text()))
@example(INJECTION)
@example("    indented code\n\n# heading\n\n1. list\n- item\n> quote\n\nsetext\n===\n| a | b |\n|---|---|")
@example("&amp; &#60; \\* trailing backslash \\")
@example(":material/home: :streamlit: :smile: www.evil.example user@evil.example a -> b <- c -- d")
def test_markdown_text_parses_to_one_paragraph_of_the_same_text(text: str) -> None:
    parsed = rendered_text(markdown_text(text))
    assert shown(parsed.replace(WORD_JOINER, "")).strip() == shown(text).strip()


@given(st.one_of(hostile, st.text()))
@example(":material/home: :streamlit: :smile: :+1: https://evil.example HTTP://x.y www.evil.example WWW.x.y")
@example("user@evil.example <-> -> <- -- >= <= ~= \ufeff->\ufeff")
def test_no_streamlit_text_rewrite_matches_the_parsed_text(text: str) -> None:
    parsed = rendered_text(markdown_text(text))
    matched = {name: found[0] for name, pattern in STREAMLIT_TEXT_REWRITES.items() if (found := pattern.search(parsed))}
    assert not matched


def test_markdown_text_escapes_every_construct_of_the_injection() -> None:
    assert markdown_text(INJECTION) == (
        r"\[Download\]\(https\:" + WORD_JOINER + r"\/\/evil\.example\/x\) "
        r"\!\[p\]\(http\:" + WORD_JOINER + r"\/\/127\.0\.0\.1\:" + WORD_JOINER + r"9\/pixel\.png\) "
        r"\<b\>x\<\/b\> \*em\* \:" + WORD_JOINER + r"red\[r\] \$x\^2\$"
    )


def test_markdown_text_leaves_plain_words_and_spaced_colons_alone() -> None:
    """Messages of the library stay readable in the page source and in AppTest."""
    assert markdown_text("Llama 3 · 128,256 tokens: café") == r"Llama 3 · 128\,256 tokens\: café"
    assert markdown_text("--text-column and a-b") == r"\-\-text\-column and a\-b"


def test_markdown_text_keeps_a_multi_line_string_on_one_line() -> None:
    assert markdown_text("a\n\n    b\r\nc\t\td") == "a b c d"


def test_plotly_text_escapes_tags_and_ampersands_but_not_quotes() -> None:
    assert plotly_text("<a href='https://evil.example'>x</a> <b>y</b><br>&amp; \"q\"") == (
        "&lt;a href='https://evil.example'&gt;x&lt;/a&gt; &lt;b&gt;y&lt;/b&gt;&lt;br&gt;&amp;amp; \"q\""
    )


@given(st.text())
def test_plotly_text_holds_no_tag_and_unescapes_to_the_input(text: str) -> None:
    """Plotly splits its text on `<...>` first and turns `&lt;`, `&gt;`, `&amp;` back into characters."""
    escaped = plotly_text(text)
    assert "<" not in escaped and ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text
