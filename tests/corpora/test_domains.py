"""Domain corpora: present on every machine, bounded in size."""

from __future__ import annotations

import platform

import polars as pl
import pytest

from tokenlab import settings
from tokenlab.corpora import load_corpus


@pytest.mark.parametrize("name", ["code", "legal", "prose", "math"])
def test_domain_corpora_are_non_empty_and_bounded(name: str) -> None:
    corpus = load_corpus(name)
    assert 0 < corpus.characters <= settings.DOMAIN_CORPUS_CHARS
    assert all(text.strip() for text in corpus.texts)


CODE_LANGUAGES = [
    "python",
    "javascript",
    "typescript",
    "java",
    "c",
    "cpp",
    "go",
    "rust",
    "shell",
    "sql",
    "html",
    "css",
    "json",
    "yaml",
]


def test_code_is_fourteen_programming_languages_sharing_the_budget_equally() -> None:
    corpus = load_corpus("code")
    sizes = corpus.documents.group_by("group", maintain_order=True).agg(pl.col("text").str.len_chars().sum())
    assert sizes.get_column("group").to_list() == CODE_LANGUAGES
    assert sizes.get_column("text").to_list() == [settings.DOMAIN_CORPUS_CHARS // 14] * 14
    assert dict(corpus.groups.select("group", "name").iter_rows())["cpp"] == "C++"


def test_code_all_holds_a_few_hundred_kb_of_real_files_per_language() -> None:
    documents = load_corpus("code-all").documents
    sizes = dict(documents.group_by("group").agg(pl.col("text").str.len_chars().sum()).iter_rows())
    assert set(sizes) == set(CODE_LANGUAGES)
    assert all(100_000 <= size <= 250_000 for size in sizes.values()), sizes
    parts = documents.filter(pl.col("group") == "go").get_column("part").to_list()
    assert "golang-github-spf13-cobra-dev/usr/share/gocode/src/github.com/spf13/cobra/command.go" in parts
    assert not any(part.endswith("_test.go") for part in parts)


def test_legal_is_the_bundled_licences_and_the_english_udhr() -> None:
    documents = load_corpus("legal").documents
    assert "MIT-tiktoken.txt" in documents.filter(documents["group"] == "licences").get_column("part").to_list()
    assert documents.filter(documents["group"] == "eng").height == 30


def test_prose_is_python_3_11_pydoc_topics_on_every_python_and_math_is_latex() -> None:
    prose = load_corpus("prose")
    topics = dict(zip(prose.documents.get_column("part"), prose.texts, strict=True))
    assert (prose.documents.height, sum(map(len, prose.texts))) == (69, 400_000)
    assert topics["if"].startswith('The "if" statement\n******************\n\nThe "if" statement is used for')
    if platform.python_version() == "3.11.7":  # the release the bundled file was taken from
        from pydoc_data.topics import topics as running

        assert all(text == running[part][: len(text)] for part, text in topics.items())
    assert all("\\" in text for text in load_corpus("math").texts)
