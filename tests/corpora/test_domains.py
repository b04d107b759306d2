"""Domain corpora: present on every machine, bounded in size."""

from __future__ import annotations

import pytest

from tokenlab import settings
from tokenlab.corpora import load_corpus


@pytest.mark.parametrize("name", ["code", "legal", "prose", "math"])
def test_domain_corpora_are_non_empty_and_bounded(name: str) -> None:
    corpus = load_corpus(name)
    assert 0 < corpus.characters <= settings.DOMAIN_CORPUS_CHARS
    assert all(text.strip() for text in corpus.texts)


def test_code_mixes_the_python_stdlib_with_other_languages() -> None:
    groups = set(load_corpus("code").documents.get_column("group"))
    assert groups == {"python", "javascript", "typescript", "rust", "c", "go", "sql", "html", "shell"}


def test_legal_is_the_bundled_licences_and_the_english_udhr() -> None:
    documents = load_corpus("legal").documents
    assert "MIT-tiktoken.txt" in documents.filter(documents["group"] == "licences").get_column("part").to_list()
    assert documents.filter(documents["group"] == "eng").height == 30


def test_prose_is_pydoc_topics_and_math_is_latex() -> None:
    assert "if" in load_corpus("prose").documents.get_column("part").to_list()
    assert all("\\" in text for text in load_corpus("math").texts)
