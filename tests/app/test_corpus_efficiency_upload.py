"""A visitor's own corpus on the Corpus efficiency page: an accepted upload is counted and shown."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.reference import reference_encoder

OpenPage = Callable[..., AppTest]
PAGE = "pages/corpus_efficiency.py"
ROWS = [
    ("Hello world, hello again.", "en"),
    ("The cat sat on the mat.", "en"),
    ("Bonjour le monde, à bientôt.", "fr"),
]
#: The models' full vocabularies, as published (tiktoken's n_vocab for o200k_base; Llama 3's 128,256).
VOCABULARY = {"o200k_base": 200_019, "llama3": 128_256}
#: The table names tokenizers as the catalogue does (ids stay in the downloads).
DISPLAY_NAME = {"o200k_base": "GPT-4o (o200k_base)", "llama3": "Llama 3"}


def _expected(tokenizer: str, texts: list[str]) -> dict[str, object]:
    """One row of the table, from the raw library: sums over the documents, then ratios
    (Rényi efficiency: log(sum p^2.5) / (1 - 2.5) / log|V|, Zouhar et al. 2023)."""
    ids = [i for text in texts for i in reference_encoder(tokenizer)(text)]
    characters = sum(len(text) for text in texts)
    p = [n / len(ids) for n in Counter(ids).values()]
    return {
        "tokenizer": DISPLAY_NAME[tokenizer],
        "documents": len(texts),
        "characters": characters,
        "words": sum(len(text.split()) for text in texts),
        "tokens": len(ids),
        "chars_per_token": pytest.approx(characters / len(ids)),
        "bytes_per_token": pytest.approx(sum(len(t.encode()) for t in texts) / len(ids)),
        "utilisation": pytest.approx(len(p) / VOCABULARY[tokenizer]),
        "renyi_efficiency": pytest.approx(math.log(sum(x**2.5 for x in p)) / -1.5 / math.log(VOCABULARY[tokenizer])),
        "coverage": 1.0,
        "flagged": False,
    }


def test_an_accepted_csv_upload_is_counted_per_group(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base,llama3", domains="", langs="")
    assert at.info[0].value == "Pick at least one domain, or upload a corpus."
    data = ("text,lang\n" + "".join(f'"{text}",{lang}\n' for text, lang in ROWS)).encode("utf-8")
    at.file_uploader(key="eff_upload").set_value([("notes.csv", data, "text/csv")]).run()
    assert at.selectbox(key="eff_text_column").value == "text"
    at.selectbox(key="eff_group_column").set_value("lang").run()
    assert not at.exception and not at.error and not at.info
    table = at.dataframe[0].value
    columns = list(_expected("o200k_base", ["a"]))
    assert table["domain"].tolist() == [f"your file (notes.csv): {g}" for g in ("en", "fr", "en", "fr")]
    assert table[columns].to_dict("records") == [
        _expected(tokenizer, [text for text, lang in ROWS if lang == group])
        for tokenizer in ("o200k_base", "llama3")
        for group in ("en", "fr")
    ]


def test_an_accepted_txt_upload_is_one_document(open_page: OpenPage) -> None:
    at = open_page(PAGE, tok="o200k_base", domains="", langs="")
    text = "\n".join(text for text, _ in ROWS)
    at.file_uploader(key="eff_upload").set_value([("notes.txt", text.encode("utf-8"), "text/plain")]).run()
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert table["domain"].tolist() == ["your file (notes.txt): notes"]
    assert table[list(_expected("o200k_base", ["a"]))].to_dict("records") == [_expected("o200k_base", [text])]
