"""Kinds and scripts of vocabulary entries, on hand-picked bytes and on real vocabularies."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab.text.segment import TokenKind
from tokenlab.vocab.scripts import CLASSES, split_by, token_class, token_script, visible, vocab_table


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        (b" the", TokenKind.NORMAL, "word-initial"),
        (b"ing", TokenKind.NORMAL, "continuation"),
        (b"\n\n", TokenKind.NORMAL, "whitespace"),
        (b"123", TokenKind.NORMAL, "digits"),
        (b" 42", TokenKind.NORMAL, "digits"),
        (b"');", TokenKind.NORMAL, "punctuation"),
        (b"\x00", TokenKind.NORMAL, "punctuation"),
        (b"_paths", TokenKind.NORMAL, "mixed"),
        (b"\xe0\xa4", TokenKind.NORMAL, "partial UTF-8"),
        (" Всеобщая".encode(), TokenKind.NORMAL, "word-initial"),
        (b"A", TokenKind.BYTE_FALLBACK, "byte fallback"),
        (b"<s>", TokenKind.SPECIAL, "special"),
        (b"<unk>", TokenKind.UNKNOWN, "special"),
    ],
)
def test_known_entries_get_their_class(raw: bytes, kind: TokenKind, expected: str) -> None:
    assert token_class(raw, kind) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        (" Всеобщая", "Cyrillic"),
        ("一个", "Han"),
        ("ます", "Hiragana"),
        ("ット", "Katakana"),
        (" नमस्ते", "Devanagari"),
        ("مرحبا", "Arabic"),
        (" the", "Latin"),
        ("123", "no letters"),
        ("  ", "no letters"),
        ("ا�", "Arabic"),
    ],
)
def test_known_entries_get_their_script(text: str, script: str) -> None:
    assert token_script(text) == script


def test_o200k_entries_are_classified_by_id() -> None:
    table = vocab_table(tokenlab.load_tokenizer("o200k_base"))
    rows = {
        row["id"]: (row["class"], row["script"])
        for row in table.filter(pl.col("id").is_in([279, 289, 290, 7633, 22912])).iter_rows(named=True)
    }
    assert rows == {
        279: ("whitespace", "no letters"),
        289: ("continuation", "Latin"),
        290: ("word-initial", "Latin"),
        7633: ("digits", "no letters"),
        22912: ("continuation", "Han"),
    }
    assert len(table) == 200_000 and table.filter(pl.col("class") == "special").height == 2


def test_wordpiece_continuations_come_from_the_double_hash_mark() -> None:
    table = vocab_table(tokenlab.load_tokenizer("bert-base-uncased"))
    rows = dict(table.filter(pl.col("id").is_in([1996, 10760, 2075, 13749])).select("id", "class").iter_rows())
    assert rows == {
        1996: "word-initial",
        10760: "continuation",
        13749: "word-initial",
        2075: "continuation",
    }  # the, ##the, ing, ##ing


def test_llama2_split_counts_its_byte_fallback_and_special_entries() -> None:
    split = split_by(vocab_table(tokenlab.load_tokenizer("llama2")), "class")
    counts = dict(split.select("class", "entries").iter_rows())
    assert counts["byte fallback"] == 256 and counts["special"] == 3 and sum(counts.values()) == 32_000
    assert split["share"].sum() == pytest.approx(1.0)
    assert split.row(0, named=True)["examples"][:2] == ["␣t", "␣a"]  # word-initial: earliest merges, whitespace visible


def test_visible_marks_whitespace() -> None:
    assert visible(" a\n\tb") == "␣a↵⇥b"


@given(st.binary(max_size=12), st.sampled_from(list(TokenKind)))
def test_every_entry_gets_exactly_one_known_class(raw: bytes, kind: TokenKind) -> None:
    assert token_class(raw, kind) in CLASSES
