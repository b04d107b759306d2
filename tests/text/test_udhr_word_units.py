"""Which word unit each of the 530 UDHR versions is counted in, why, and what the units are on
the real text, against references counted by hand or by another library."""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import polars as pl
import pytest
import regex

from tokenlab.corpora import udhr
from tokenlab.text.word_units import UnitChoice, WordUnit, unit_choices, unit_spans

#: Every version not listed here is counted per whitespace word.
EXPECTED = {
    WordUnit.ICU_WORD: {
        # Chinese and its varieties (Han), Japanese (Han and kana)
        "023", "cjy", "cmn_hans", "cmn_hans_beijing", "cmn_hans_guiyang", "cmn_hans_harbin", "cmn_hans_nanjing",
        "cmn_hans_tianjin", "cmn_hant", "gan", "hak", "hsn", "nan", "vie_han", "wuu", "yue",
        "jpn", "jpn_osaka", "jpn_tokyo",
        # Thai, Lao, Khmer; Burmese, Mon and Shan in the Myanmar script
        "tha", "tha2", "lao", "khm", "mya", "mnw", "shn",
    },
    WordUnit.WORDSPACE: {"amh", "tir"},
    WordUnit.SYLLABLE: {"bod", "dzo"},
    WordUnit.GRAPHEME: {"iii", "jav_java", "kkh_lana"},
}  # fmt: skip


@pytest.fixture(scope="module")
def choices() -> dict[str, list[UnitChoice]]:
    corpus = udhr()
    by_version: dict[str, list[UnitChoice]] = defaultdict(list)
    for group, choice in zip(corpus.documents.get_column("group"), unit_choices(corpus.texts), strict=True):
        by_version[group].append(choice)
    return by_version


def _units(text: str, unit: WordUnit) -> list[str]:
    starts, ends = unit_spans(text, np.array([len(text)]), [unit])
    return [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]


def _text(code: str) -> str:
    documents = udhr([code]).documents
    return "\n".join(documents.filter(pl.col("group") == code).get_column("text"))


def test_every_version_gets_one_unit_for_all_its_articles(choices: dict[str, list[UnitChoice]]) -> None:
    assert len(choices) == 530
    units = {code: {choice.unit for choice in versions} for code, versions in choices.items()}
    assert {code: u for code, u in units.items() if len(u) > 1} == {}
    got: dict[WordUnit, set[str]] = defaultdict(set)
    for code, (unit,) in units.items():
        got[unit].add(code)
    assert {unit: got[unit] for unit in EXPECTED} == EXPECTED
    assert len(got[WordUnit.WORD]) == 530 - sum(map(len, EXPECTED.values()))


def test_each_unit_says_why(choices: dict[str, list[UnitChoice]]) -> None:
    reasons = {code: versions[0].reason for code, versions in choices.items()}
    assert reasons["tha"] == "Thai is written without spaces between words; ICU's dictionary finds the words"
    assert reasons["amh"] == "Ethiopic separates words with the wordspace (፡) or spaces"
    assert reasons["bod"] == "Tibetan separates syllables with the tsheg (་); spaces are rare"
    assert reasons["eng"] == "spaces separate the words of Latin text"
    # Unspaced scripts without a dictionary: the text itself decides.
    assert re.fullmatch(r"Yi is written without spaces and ICU has no dictionary for it \(\d+\.\d characters .*\)",
                        reasons["iii"])  # fmt: skip
    assert reasons["blt"].startswith("Tai Viet is usually written without spaces, but this text is spaced (2.")
    assert min(c.mean_run for c in choices["blt"]) > 2 and max(c.mean_run for c in choices["blt"]) < 3.1
    assert min(c.mean_run for c in choices["iii"]) > 15


def test_amharic_words_are_split_on_the_wordspace_and_whitespace() -> None:
    text = _text("amh")
    reference = [w for w in re.split(r"[\s፡-፨]+", text) if w]  # wordspace, Ethiopic punctuation, whitespace
    assert len(text.split()) == 50  # what whitespace alone finds
    assert _units(text, WordUnit.WORDSPACE) == reference
    assert len(reference) == 978
    first = "የሰው፡ልጅ፡ሁሉ፡ሲወለድ፡ነጻና፡በክብርና፡በመብትም፡እኩልነት፡ያለው፡ነው።"
    words = ["የሰው", "ልጅ", "ሁሉ", "ሲወለድ", "ነጻና", "በክብርና", "በመብትም", "እኩልነት", "ያለው", "ነው"]
    assert _units(first, WordUnit.WORDSPACE) == words


def test_tai_dam_is_counted_per_whitespace_word() -> None:
    text = _text("blt")
    assert _units(text, WordUnit.WORD) == text.split()
    assert len(text.split()) == 1592  # 26 articles: four held a placeholder


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # Article 1, checked by hand against dictionaries of each language.
        ("มนุษย์ทั้งหลายเกิดมามีอิสระ", ["มนุษย์", "ทั้ง", "หลาย", "เกิด", "มา", "มี", "อิสระ"]),
        ("ມະນຸດເກີດມາມີສິດເສລີພາບ", ["ມະນຸດ", "ເກີດ", "ມາ", "ມີ", "ສິດ", "ເສລີພາບ"]),
        ("មនុស្សទាំងអស់ កើតមកមានសេរីភាព", ["មនុស្ស", "ទាំងអស់", "កើតមក", "មាន", "សេរីភាព"]),
        ("လူတိုင်းသည် တူညီ လွတ်လပ်သော", ["လူ", "တိုင်း", "သည်", "တူညီ", "လွတ်လပ်", "သော"]),
        ("在尊严和权利上一律平等。", ["在", "尊严", "和", "权利", "上", "一律", "平等"]),
        ("すべての人間は、", ["すべて", "の", "人間", "は"]),
    ],
)
def test_unspaced_scripts_are_split_into_dictionary_words(text: str, words: list[str]) -> None:
    assert _units(text, WordUnit.ICU_WORD) == words


@pytest.mark.parametrize("code", ["tha", "lao", "khm", "mya", "cmn_hans", "jpn"])
def test_dictionary_words_are_not_code_points(code: str) -> None:
    """Vowel signs and the Khmer coeng are never units of their own: a word holds several
    code points, and no unit starts with a combining mark."""
    text = _text(code)
    words = _units(text, WordUnit.ICU_WORD)
    letters = regex.findall(r"[\p{L}\p{M}\p{N}]", text)
    assert len(words) < 0.7 * len(letters)  # Chinese 0.60, Japanese 0.56, the others below 0.27
    assert not [w for w in words if regex.match(r"\p{M}", w)]


def test_yi_grapheme_clusters_are_its_syllables() -> None:
    text = _text("iii")
    assert len(_units(text, WordUnit.GRAPHEME)) == len(regex.findall(r"\p{Script=Yi}", text))
