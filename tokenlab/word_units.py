"""The word units fertility counts in, and where they are in a text.

Fertility is tokens per word, but "word" only means "run of non-space characters" in scripts
that separate words with spaces. The unit therefore follows the script of each document:

- `word`: maximal runs of non-whitespace (`\\S+`), for Latin, Cyrillic, Arabic, Devanagari...;
- `character`: every non-space character, for scripts written without spaces between words
  (Han, Japanese, Thai, Lao, Khmer, Myanmar, Yi, Javanese, Balinese, Tai scripts);
- `syllable`: runs between whitespace, tsheg (་) and shad (།) marks, for Tibetan, where the
  tsheg separates syllables and spaces are rare.

    "Hello, world" (word)   -> spans [(0, 6), (7, 12)]
    "人人生而自由"  (character) -> 6 units
    "བོད་ཡིག"       (syllable) -> 2 units
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from tokenlab.unicode_scripts import dominant_script, dominant_scripts


class WordUnit(StrEnum):
    """What one unit of fertility's denominator is."""

    WORD = "word"
    CHARACTER = "character"
    SYLLABLE = "syllable"


UNSPACED_SCRIPTS = frozenset({"Hani", "Hans", "Hant", "Jpan", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr",
                              "Yiii", "Java", "Bali", "Tale", "Talu", "Lana", "Tavt"})
_TIBETAN_SEPARATORS = (0x0F0B, 0x0F14)  # tsheg, delimiter tsheg, the shads and gter tsheg
# Is each code point up to U+3000 one Python's str.isspace() (and so `\s`) accepts? None above is:
# the last entry, False, stands for all of them.
_IS_SPACE = np.array([*(chr(c).isspace() for c in range(0x3001)), False], dtype=bool)


def unit_for_script(script: str) -> WordUnit:
    """The unit used for text in `script` (an ISO 15924 code)."""
    if script == "Tibt":
        return WordUnit.SYLLABLE
    return WordUnit.CHARACTER if script in UNSPACED_SCRIPTS else WordUnit.WORD


def unit_for_text(text: str) -> WordUnit:
    """The unit for a document, from its dominant script."""
    return unit_for_script(dominant_script(text))


def units_for_texts(texts: Sequence[str]) -> list[WordUnit]:
    """`unit_for_text` of many documents, their scripts counted in bulk."""
    return [unit_for_script(script) for script in dominant_scripts(texts)]


def unit_spans(text: str, doc_lengths: np.ndarray, units: list[WordUnit]) -> tuple[np.ndarray, np.ndarray]:
    """Character spans of every word unit in `text`, the concatenation of documents.

    `doc_lengths[i]` characters of `text` belong to document i, which is counted in
    `units[i]`; no unit crosses a document boundary. Returns (starts, ends), ascending.
    """
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    n = len(points)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    code_of = {unit: code for code, unit in enumerate(WordUnit)}
    unit_codes = np.fromiter(map(code_of.__getitem__, units), dtype=np.int8, count=len(units))
    char_unit = np.repeat(unit_codes, doc_lengths)
    separator = _IS_SPACE[np.minimum(points, len(_IS_SPACE) - 1)]  # a table: 20x np.isin
    low, high = _TIBETAN_SEPARATORS
    separator |= (char_unit == 2) & (points >= low) & (points <= high)
    single = char_unit == 1  # every character is a unit of its own
    bounds = np.cumsum(doc_lengths)
    first = np.zeros(n, dtype=bool)
    first[bounds[:-1][bounds[:-1] < n]] = True
    first[0] = True
    last = np.zeros(n, dtype=bool)
    last[bounds[bounds > 0] - 1] = True
    previous_separates = np.concatenate(([True], separator[:-1])) | first
    next_separates = np.concatenate((separator[1:], [True])) | last
    inside = ~separator
    starts = np.flatnonzero(inside & (previous_separates | single))
    ends = np.flatnonzero(inside & (next_separates | single)) + 1
    return starts, ends
