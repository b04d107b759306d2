"""Checks over the whole bundled UDHR, so that a rebuild of data/ cannot bring back a version
that is not the UDHR, a mislabelled duplicate, a placeholder for a missing translation, or a
text in another script than its label says."""

from __future__ import annotations

import json
from collections import Counter

import polars as pl
import pytest
import regex

from tokenlab import settings
from tokenlab.corpora import udhr, udhr_languages
from tokenlab.text.unicode_scripts import dominant_script

#: The same script under another ISO 15924 code (Traditional Chinese is Han).
SAME_SCRIPT = {"Hant": "Hani", "Hans": "Hani"}
#: Versions with fewer than 30 articles, and how many they have: what the source holds, less
#: the articles with a placeholder for a missing translation.
SHORT_VERSIONS = {
    "014": 29, "052": 23, "057": 29, "059": 29, "065": 17, "bam": 29, "bho": 29, "blt": 26, "csw": 23,
    "fij": 29, "hlt": 28, "ido": 27, "idu": 29, "ijs": 29, "ike": 23, "kal": 29, "khk_mong": 1, "kmb": 28,
    "koo": 29, "kri": 27, "kwi": 29, "lia": 24, "lot": 29, "loz": 29, "lug": 24, "mag": 29, "miq": 29,
    "mos": 29, "mri": 29, "mzi": 29, "nku": 26, "nyn": 27, "ojb": 23, "oss": 23, "pan": 29, "pcm": 29,
    "pnb": 28, "pon": 29, "quz": 27, "qxu": 29, "rmy": 29, "san_gran": 26, "taj": 1, "tem": 29,
    "tgl_tglg": 1, "tso_ZW": 28, "tzm_tfng": 1, "ura": 29, "ykg": 29,
}  # fmt: skip


@pytest.fixture(scope="module")
def declarations() -> list[dict[str, object]]:
    path = settings.DATA_DIR / "corpora" / "udhr_all.json"
    return json.loads(path.read_text(encoding="utf-8"))["languages"]


def _articles(declaration: dict[str, object]) -> dict[str, list[str]]:
    articles = declaration["articles"]
    assert isinstance(articles, dict)
    return articles


def test_no_article_holds_a_placeholder(declarations: list[dict[str, object]]) -> None:
    held = [
        (d["code"], number)
        for d in declarations
        for number, paragraphs in _articles(d).items()
        if any("&1" in p or p.strip() == "@" for p in paragraphs)
    ]
    assert held == []


def test_what_is_not_the_udhr_or_a_mislabelled_copy_is_gone(declarations: list[dict[str, object]]) -> None:
    codes = [d["code"] for d in declarations]
    assert "chv" not in codes  # another declaration, 19 articles
    assert "ckb" not in codes  # kmr's Kurmanji text labelled Central Kurdish
    assert "kmr" in codes
    texts = Counter(json.dumps(_articles(d), sort_keys=True, ensure_ascii=False) for d in declarations)
    assert [n for n in texts.values() if n > 1] == []


def test_article_counts_are_recorded_and_short_versions_are_the_known_ones(
    declarations: list[dict[str, object]],
) -> None:
    counts = {str(d["code"]): len(_articles(d)) for d in declarations}
    assert {code: n for code, n in counts.items() if n < 30} == SHORT_VERSIONS
    assert all(set(_articles(d)) <= {str(n) for n in range(1, 31)} for d in declarations)
    assert sum(counts.values()) == 15_666
    # The corpus's documents are exactly those articles.
    documents = udhr().documents.group_by("group").len()
    assert dict(documents.iter_rows()) == counts


def test_edo_articles_are_their_text_not_their_headings() -> None:
    """bin's source puts the body of articles 3-26 in the heading and the next heading in the body."""
    articles = udhr(["bin"]).documents
    lengths = dict(articles.select("part", pl.col("text").str.len_chars()).iter_rows())
    assert min(lengths.values()) > 60
    assert not articles.filter(pl.col("text").str.contains(r"(?i)^Emwen nogie")).height
    assert articles.filter(pl.col("part") == "3").get_column("text").item().startswith("Domwande-omwan mween etin")


def test_every_text_is_in_the_script_its_label_names() -> None:
    languages = udhr_languages()
    corpus = udhr()
    text_of = {
        group: "\n".join(frame.get_column("text"))
        for (group,), frame in corpus.documents.group_by("group", maintain_order=True)
    }
    wrong = []
    for group, bcp47 in languages.select("group", "bcp47").iter_rows():
        named = [part for part in (bcp47 or "").split("-")[1:] if regex.fullmatch(r"[A-Za-z]{4}", part)]
        if named:
            expected = SAME_SCRIPT.get(named[0].title(), named[0].title())
            found = SAME_SCRIPT.get(dominant_script(text_of[group]), dominant_script(text_of[group]))
            if found != expected:
                wrong.append((group, expected, found))
    assert wrong == []
    # Languages written in one script whatever the tag says: Central Kurdish would be Arabic.
    fixed = {"amh": "Ethi", "kmr": "Latn", "arb": "Arab", "hye": "Armn", "kat": "Geor", "ell_monotonic": "Grek"}
    assert {code: dominant_script(text_of[code]) for code in fixed} == fixed
