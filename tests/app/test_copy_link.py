"""The Copy link box on every page: the page's link, what it carries and what it does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tokenlab.text.markup import markdown_text

OpenPage = Callable[..., AppTest]

#: Per page: the query of a link, the URL the box shows for it, and what the box says.
PAGES = {
    "pages/segment.py": (
        {"tok": "gpt2", "text": "Hello world"},
        "?tok=gpt2&view=text&text=Hello+world",
        [
            "The link carries the tokenizers and the reference, how tokens are shown, the whitespace and BOS/EOS "
            "switches and the text.",
            "Your text (11 characters) is in the link itself.",
            "An uploaded file or tokenizer cannot travel in a link: the receiver uploads their own.",
            "Prices and N in the cost table stay out of it.",
        ],
    ),
    "pages/tokenizers.py": (
        {},
        "",
        ["The link carries the catalogue, which is the same for every visitor: this page has no choices to carry."],
    ),
    "pages/vocab_scaling.py": (
        {"size": "nnv", "nnv": "1e9", "budget": "optimal"},
        "?size=nnv&nnv=1e9&v=32000&d=4096&tied=0&budget=optimal&tol=0.1&batch=8&seq=4096&dtype=bfloat16",
        [
            "The link carries the model's size, width, vocabulary and embeddings, the budget (for one in characters: "
            "the tokenizer, what it is measured on and the text), the flat-basin tolerance and the cost table's "
            "batch size, sequence length and dtype.",
        ],
    ),
    "pages/vocab_lab.py": (
        {"section": "overlap", "tok": "gpt2,llama3"},
        "?section=overlap&tok=gpt2%2Cllama3",
        [
            "The link carries the open section and its choices: the tokenizer, the search, the vocabularies "
            "compared, the trim's and the sweep's settings, and the corpus (UDHR languages or your text).",
            "An uploaded file or tokenizer cannot travel in a link: the receiver uploads their own.",
        ],
    ),
    "pages/languages.py": (
        {"tok": "gpt2", "set": "curated", "metric": "parity"},
        "?tok=gpt2&metric=parity&set=curated&ref=eng&ab=cl100k_base%2Co200k_base",
        [
            "The link carries the tokenizers, the measure, the language set, the scripts, the reference language "
            "and the pair compared from A to B.",
            "The charts' language count and search, the tokenizer ranked and mapped and the language looked at up "
            "close stay out of it.",
        ],
    ),
    "pages/corpus_efficiency.py": (
        {"tok": "gpt2", "domains": "code", "langs": "eng", "budget": "1000"},
        "?tok=gpt2&domains=code&langs=eng&budget=1000",
        [
            "The link carries the tokenizers, the domains, the budget and the UDHR languages it is spent on.",
            "An uploaded file or tokenizer cannot travel in a link: the receiver uploads their own.",
        ],
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_copy_link_box_saying_what_travels(open_page: OpenPage, page: str) -> None:
    query, url, notes = PAGES[page]
    at = open_page(page, **query)
    [box] = [expander for expander in at.expander if expander.label == "Copy link"]
    assert box.code[0].value == url
    assert box.markdown[0].value == "\n".join(f"- {markdown_text(note)}" for note in notes)
