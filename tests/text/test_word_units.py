"""Word units and the scripts that choose them, against plain-Python references."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokenlab.corpora import udhr
from tokenlab.text import unicode_scripts
from tokenlab.text.unicode_scripts import dominant_script, dominant_scripts, script_of
from tokenlab.text.word_units import WordUnit, unit_spans, units_for_texts

#: Letters of several scripts, kana and Han, spaces of several kinds (U+3000 is one, U+3001 is
#: not), a combining mark, digits and an emoji, so texts mix scripts, tie and hold no letters.
ALPHABET = st.sampled_from(list("abcXYZ абв αβ אב ال 人中 すカ ก ་བོད \u3000\u3001\u00a0\t\n\u0301 12 😀"))
TEXTS = st.lists(st.text(ALPHABET, max_size=30), max_size=12)


def _dominant_script_one_by_one(text: str) -> str:
    """The rule in plain Python, a Counter per text: ties go to the script first inserted, the
    one whose first letter comes first."""
    counts: Counter[str] = Counter()
    for char, n in Counter(text).items():
        if (script := script_of(char)) is not None:
            counts[script] += n
    if not counts:
        return "Zyyy"
    kana = counts["Hira"] + counts["Kana"]
    if kana and kana + counts["Hani"] >= max(counts.values()):
        return "Jpan"
    return counts.most_common(1)[0][0]


def _joined(texts: list[str]) -> tuple[str, np.ndarray]:
    return "".join(texts), np.array([len(text) for text in texts], dtype=np.int64)


@given(texts=TEXTS)
@settings(max_examples=300, deadline=None)
def test_word_spans_are_each_documents_runs_of_non_space(texts: list[str]) -> None:
    text, lengths = _joined(texts)
    starts, ends = unit_spans(text, lengths, [WordUnit.WORD] * len(texts))
    expected, base = [], 0
    for doc in texts:
        expected += [(base + m.start(), base + m.end()) for m in re.finditer(r"\S+", doc)]
        base += len(doc)
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == expected


def test_every_unit_on_hand_checked_text() -> None:
    texts = ["人人生而自由", "", "བོད་ཡིག། ཀ", "a\u3000b\U0001f600c", "ሰብአዊ፡መብቶች። ሁሉ", "ꊿꂷ，ꃅ", "𠀀中文"]
    units = [
        WordUnit.ICU_WORD,
        WordUnit.WORD,
        WordUnit.SYLLABLE,
        WordUnit.WORD,
        WordUnit.WORDSPACE,
        WordUnit.GRAPHEME,
        WordUnit.ICU_WORD,
    ]
    text, lengths = _joined(texts)
    starts, ends = unit_spans(text, lengths, units)
    assert [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)] == [
        "人",  # ICU's dictionary: 人 | 人生 | 而 | 自由
        "人生",
        "而",
        "自由",
        "བོད",  # syllables between tsheg, shad and space
        "ཡིག",
        "ཀ",
        "a",  # U+3000 separates; an emoji does not
        "b\U0001f600c",
        "ሰብአዊ",  # the Ethiopic wordspace and full stop separate
        "መብቶች",
        "ሁሉ",
        "ꊿ",  # grapheme clusters, punctuation left out
        "ꂷ",
        "ꃅ",
        "𠀀",  # past U+FFFF: ICU's UTF-16 offsets mapped back to characters
        "中文",
    ]


@given(texts=TEXTS)
@settings(max_examples=300, deadline=None)
def test_bulk_scripts_equal_one_text_at_a_time(texts: list[str]) -> None:
    assert dominant_scripts(texts) == [_dominant_script_one_by_one(text) for text in texts]


def test_bulk_scripts_equal_one_text_at_a_time_on_every_udhr_article(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = udhr().texts
    monkeypatch.setattr(unicode_scripts, "_CHUNK_CHARS", 100_000)  # many chunks, and articles past a chunk
    assert dominant_scripts(texts) == [_dominant_script_one_by_one(text) for text in texts]


def test_ties_go_to_the_script_that_appears_first() -> None:
    assert dominant_scripts(["ab αβ", "αβ ab", "すカ人中", "12 !", ""]) == ["Latn", "Grek", "Jpan", "Zyyy", "Zyyy"]
    assert [dominant_script(text) for text in ("ab αβ", "αβ ab", "Всеобщая")] == ["Latn", "Grek", "Cyrl"]
    assert units_for_texts(["人人生而自由", "བོད་ཡིག", "Hello"]) == [WordUnit.ICU_WORD, WordUnit.SYLLABLE, WordUnit.WORD]
