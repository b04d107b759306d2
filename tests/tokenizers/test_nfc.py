"""NFC one run of grapheme clusters at a time equals the tokenizer.json's NFC of the whole text.

Qwen3.5's tiktoken backend normalizes with `tokenlab.tokenizers.nfc`, which keeps, for every
normalized character, the span of the original characters it came from. It must write exactly
what Hugging Face `tokenizers`' NFC normalizer writes (its Unicode tables, not Python's), and
cutting the text between grapheme clusters must never change the result.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from tokenizers import normalizers

import tokenlab
from tokenlab.tokenizers.nfc import nfc, nfc_with_spans

LIBRARY_NFC = normalizers.NFC()

#: Decomposed letters, combining marks in non-canonical order, Hangul jamo (L, V, T),
#: two starters that compose (Oriya, Tamil, Sinhala vowel signs), singletons (Ω, Å) and
#: composition exclusions (क़, ὅ), marks after a line break.
TRICKY = [
    "e\u0301",
    "a\u0308",
    "s\u0323\u0307",
    "q\u0307\u0323",
    "\u0301",
    "\u0323",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\u1100\u1161\u11a8",
    "\uac00\u11a8",
    "\u0b47\u0b3e",
    "\u0bc6\u0bbe",
    "\u0dd9\u0dcf",
    "\u2126",
    "\u212b",
    "\u0915\u093c",
    "\u1f45",
    "\u1e9b\u0323",
    "\u0344",
    "\r\n\u0301",
    "\U0001d15e",
]
TEXT = st.lists(st.one_of(st.sampled_from(TRICKY), st.characters(codec="utf-8")), max_size=80).map("".join)


def check(text: str) -> None:
    expected = LIBRARY_NFC.normalize_str(text)
    assert nfc(text) == expected
    result = nfc_with_spans(text)
    if result is None:
        assert expected == text
        return
    normalized, starts, ends = result
    assert normalized == expected
    assert len(starts) == len(ends) == len(normalized)
    assert all(0 <= start < end <= len(text) for start, end in zip(starts, ends, strict=True))
    assert starts == sorted(starts)


def test_a_changed_character_spans_the_character_it_started_from() -> None:
    assert nfc_with_spans("e\u0301x") == ("\u00e9x", [0, 2], [1, 3])
    assert nfc_with_spans("caf\u00e9") is None


def test_runs_of_clusters_equal_nfc_of_the_whole_text_on_the_decomposed_udhr() -> None:
    """Every UDHR text decomposed (NFD), so that nearly every script's accents recompose."""
    texts = [unicodedata.normalize("NFD", text) for text in tokenlab.load_corpus("udhr").texts]
    changed = 0
    for text in texts:
        check(text)
        changed += text != LIBRARY_NFC.normalize_str(text)
    assert changed > 5_000


def test_a_long_text_spanning_many_runs_equals_nfc_of_the_whole_text() -> None:
    text = "".join(TRICKY) * 200
    check(text)


@settings(max_examples=500, deadline=None)
@given(text=TEXT)
def test_runs_of_clusters_equal_nfc_of_the_whole_text_on_generated_text(text: str) -> None:
    check(text)
