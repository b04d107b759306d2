"""The word units fertility counts in, and where they are in a text.

Fertility is tokens per word, but "word" only means "run of non-space characters" in scripts
that separate words with spaces. The unit therefore follows each document's script and the
spacing of its own text, and every figure names it (`unit_label`):

- `word`, per whitespace word: maximal runs of non-whitespace (`\\S+`), for Latin, Cyrillic,
  Arabic, Devanagari... and for any text that puts spaces between its words;
- `wordspace`, per word between whitespace and the Ethiopic wordspace "፡" (and the other
  Ethiopic punctuation): Amharic writes "ሰብአዊ፡መብቶች" with no space between the words;
- `icu_word`, per word found by ICU's word break iterator with its dictionaries, for the scripts
  written without spaces that ICU has a dictionary for (Thai, Lao, Khmer, Myanmar, Chinese and
  Japanese);
- `syllable`: runs between whitespace, tsheg (་) and shad (།) marks, for Tibetan, where the
  tsheg separates syllables and spaces are rare;
- `grapheme`, per extended grapheme cluster (`regex` `\\X`): scripts usually written without
  spaces that ICU has no dictionary for (Yi, Javanese, Tai Tham...), when the text at hand has
  no more than a space every UNSPACED_RUN characters; one with spaces (Tai Dam, a space every
  3 characters) is counted per whitespace word.

Whitespace and punctuation are never units: an ICU segment or a grapheme cluster counts when it
starts with a letter, digit or mark.

    "Hello, world"       (word)      -> spans [(0, 6), (7, 12)]
    "ሰብአዊ፡መብቶች።"      (wordspace) -> 2 units
    "人人生而自由"        (icu_word)  -> "人人", "生", "而", "自由": 4 units
    "བོད་ཡིག"             (syllable)  -> 2 units
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import chain

import numpy as np
import regex
from icu4py.breakers import WordBreaker

from tokenlab.text.unicode_scripts import SCRIPT_NAMES, dominant_scripts

#: Bump when any document's units change: a corpus's cache key includes it (corpus.py).
WORD_UNITS_VERSION = "2"


class WordUnit(StrEnum):
    """What one unit of fertility's denominator is (stored with each document's counts)."""

    WORD = "word"
    WORDSPACE = "wordspace"
    ICU_WORD = "icu_word"
    SYLLABLE = "syllable"
    GRAPHEME = "grapheme"


#: How each unit is named wherever a figure is counted in it: "tokens per whitespace word".
UNIT_LABELS = {
    WordUnit.WORD: "whitespace word",
    WordUnit.WORDSPACE: "word (whitespace and Ethiopic wordspace ፡)",
    WordUnit.ICU_WORD: "word (ICU dictionary)",
    WordUnit.SYLLABLE: "syllable (tsheg ་)",
    WordUnit.GRAPHEME: "grapheme cluster",
}

#: Scripts written without spaces between words for which ICU ships a word dictionary.
DICTIONARY_SCRIPTS = frozenset({"Thai", "Laoo", "Khmr", "Mymr", "Hani", "Hans", "Hant", "Jpan", "Hira", "Kana"})
#: Scripts usually written without spaces that ICU has no dictionary for: counted per grapheme
#: cluster unless the text itself is spaced.
USUALLY_UNSPACED_SCRIPTS = frozenset({"Yiii", "Java", "Bali", "Tale", "Talu", "Lana", "Tavt", "Bugi"})
#: A text of a usually unspaced script with at most this many characters between separators,
#: on average, is spaced: Tai Dam's UDHR has 2.5-3.0, Yi's 15-82, Javanese script's 35-248.
UNSPACED_RUN = 8.0

_TIBETAN_SEPARATORS = (0x0F0B, 0x0F14)  # tsheg, delimiter tsheg, the shads and gter tsheg
_ETHIOPIC_SEPARATORS = (0x1361, 0x1368)  # wordspace, full stop, comma, colons, question mark, paragraph
# Is each code point up to U+3000 one Python's str.isspace() (and so `\s`) accepts? None above is:
# the last entry, False, stands for all of them.
_IS_SPACE = np.array([*(chr(c).isspace() for c in range(0x3001)), False], dtype=bool)
#: Code points from here on are not letters, digits or marks (planes 4-16: tags, private use).
_TABLE_END = 0x40000
_GRAPHEME = regex.compile(r"\X")
#: Between documents broken together: a newline always ends a word segment and a grapheme cluster.
_DOC_SEPARATOR = "\n"


@cache
def _starts_unit() -> np.ndarray:
    """Per code point: does a segment starting with it count as a unit (a letter, digit or mark)?"""
    text = "".join(map(chr, range(_TABLE_END)))
    table = np.zeros(_TABLE_END + 1, dtype=bool)  # the last entry stands for everything above
    for match in regex.finditer(r"[\p{L}\p{N}\p{M}]+", text):
        table[match.start() : match.end()] = True
    return table


@dataclass(frozen=True)
class UnitChoice:
    """The unit one text is counted in, and what decided it: its dominant script and the mean
    number of characters between separators (spaces, or the script's own word separators)."""

    unit: WordUnit
    script: str
    mean_run: float

    @property
    def reason(self) -> str:
        """Why this unit, in a sentence a reader can check against the text."""
        name = SCRIPT_NAMES.get(self.script, self.script).replace("_", " ")
        run = f"{self.mean_run:.1f} characters between spaces on average"
        if self.unit is WordUnit.ICU_WORD:
            return f"{name} is written without spaces between words; ICU's dictionary finds the words"
        if self.unit is WordUnit.SYLLABLE:
            return "Tibetan separates syllables with the tsheg (་); spaces are rare"
        if self.unit is WordUnit.WORDSPACE:
            return "Ethiopic separates words with the wordspace (፡) or spaces"
        if self.unit is WordUnit.GRAPHEME:
            return f"{name} is written without spaces and ICU has no dictionary for it ({run})"
        if self.script in USUALLY_UNSPACED_SCRIPTS:
            return f"{name} is usually written without spaces, but this text is spaced ({run})"
        return f"spaces separate the words of {name} text" if self.script != "Zyyy" else "spaces separate the words"


def unit_label(unit: str) -> str:
    """The name of a stored unit, or of units mixed in a group ("icu_word+word")."""
    labels = {str(key): label for key, label in UNIT_LABELS.items()}
    return " + ".join(labels.get(part, part) for part in unit.split("+"))


def _unit_of(script: str, mean_run: float) -> WordUnit:
    if script in DICTIONARY_SCRIPTS:
        return WordUnit.ICU_WORD
    if script == "Tibt":
        return WordUnit.SYLLABLE
    if script == "Ethi":
        return WordUnit.WORDSPACE
    if script in USUALLY_UNSPACED_SCRIPTS and mean_run > UNSPACED_RUN:
        return WordUnit.GRAPHEME
    return WordUnit.WORD


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def whitespace_mask(points: np.ndarray) -> np.ndarray:
    """Which code points are whitespace (`str.isspace`), looked up in a table."""
    return _IS_SPACE[np.minimum(points, len(_IS_SPACE) - 1)]


def _separators(points: np.ndarray) -> np.ndarray:
    """Whitespace and Ethiopic word separators: what `mean_run` measures the runs between."""
    low, high = _ETHIOPIC_SEPARATORS
    return whitespace_mask(points) | ((points >= low) & (points <= high))


def unit_choices(texts: Sequence[str]) -> list[UnitChoice]:
    """The unit of each document, from its dominant script and its own spacing, in bulk."""
    scripts = dominant_scripts(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = _code_points("".join(texts))
    inside = ~_separators(points)
    starts = inside.copy()
    starts[1:] &= ~inside[:-1]
    bounds = np.cumsum(lengths) - lengths
    starts[bounds[lengths > 0]] = inside[bounds[lengths > 0]]  # a document's first run starts at its start
    doc = np.repeat(np.arange(len(texts)), lengths)
    runs = np.bincount(doc[starts], minlength=len(texts))
    chars = np.bincount(doc[inside], minlength=len(texts))
    means = np.where(runs > 0, chars / np.maximum(runs, 1), 0.0)
    return [
        UnitChoice(_unit_of(script, mean), script, mean) for script, mean in zip(scripts, means.tolist(), strict=True)
    ]


def unit_choice(text: str) -> UnitChoice:
    """`unit_choices` of one text."""
    return unit_choices([text])[0]


def unit_for_text(text: str) -> WordUnit:
    """The unit for a document, from its dominant script and spacing."""
    return unit_choice(text).unit


def units_for_texts(texts: Sequence[str]) -> list[WordUnit]:
    """`unit_for_text` of many documents, their scripts and spacing measured in bulk."""
    return [choice.unit for choice in unit_choices(texts)]


def unit_spans(text: str, doc_lengths: np.ndarray, units: list[WordUnit]) -> tuple[np.ndarray, np.ndarray]:
    """Character spans of every word unit in `text`, the concatenation of documents.

    `doc_lengths[i]` characters of `text` belong to document i, which is counted in
    `units[i]`; no unit crosses a document boundary. Returns (starts, ends), ascending.
    """
    points = _code_points(text)
    n = len(points)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    code_of = {unit: code for code, unit in enumerate(WordUnit)}
    unit_codes = np.fromiter(map(code_of.__getitem__, units), dtype=np.int8, count=len(units))
    char_unit = np.repeat(unit_codes, doc_lengths)
    separator = whitespace_mask(points)  # a table: 20x np.isin
    low, high = _TIBETAN_SEPARATORS
    separator |= (char_unit == code_of[WordUnit.SYLLABLE]) & (points >= low) & (points <= high)
    low, high = _ETHIOPIC_SEPARATORS
    separator |= (char_unit == code_of[WordUnit.WORDSPACE]) & (points >= low) & (points <= high)
    broken = (char_unit == code_of[WordUnit.ICU_WORD]) | (char_unit == code_of[WordUnit.GRAPHEME])
    separator |= broken  # their units come from ICU or \X, below
    bounds = np.cumsum(doc_lengths)
    first = np.zeros(n, dtype=bool)
    first[bounds[:-1][bounds[:-1] < n]] = True
    first[0] = True
    last = np.zeros(n, dtype=bool)
    last[bounds[bounds > 0] - 1] = True
    previous_separates = np.concatenate(([True], separator[:-1])) | first
    next_separates = np.concatenate((separator[1:], [True])) | last
    inside = ~separator
    starts = np.flatnonzero(inside & previous_separates)
    ends = np.flatnonzero(inside & next_separates) + 1
    if not broken.any():
        return starts, ends
    doc_starts = bounds - doc_lengths
    pieces = [(starts, ends)]
    for unit, segmenter in ((WordUnit.ICU_WORD, _icu_segments), (WordUnit.GRAPHEME, _grapheme_segments)):
        docs = np.flatnonzero((unit_codes == code_of[unit]) & (doc_lengths > 0))
        if len(docs):
            pieces.append(_broken_units(text, doc_starts[docs], doc_lengths[docs], segmenter))
    all_starts = np.concatenate([p[0] for p in pieces])
    order = np.argsort(all_starts, kind="stable")
    return all_starts[order], np.concatenate([p[1] for p in pieces])[order]


def _icu_segments(joined: str) -> Iterable[int]:
    """ICU word segments of `joined` as flat (start, end) UTF-16 offsets: one break iterator
    for the whole text (its root rules apply each script's dictionary to that script's runs)."""
    return chain.from_iterable(WordBreaker(joined, "root").segments())


def _grapheme_segments(joined: str) -> Iterable[int]:
    """Extended grapheme clusters of `joined` as flat (start, end) code point offsets."""
    ends = np.cumsum(np.fromiter(map(len, _GRAPHEME.findall(joined)), dtype=np.int64))
    return np.column_stack((ends - np.diff(ends, prepend=0), ends)).ravel().tolist()


def _broken_units(
    text: str, doc_starts: np.ndarray, doc_lengths: np.ndarray, segmenter: Callable[[str], Iterable[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Units of some documents of `text` from a segmenter run once over them all, each document
    after a newline, and mapped back to `text`'s offsets; only segments that start with a
    letter, digit or mark are units."""
    spans = zip(doc_starts.tolist(), doc_lengths.tolist(), strict=True)
    joined = _DOC_SEPARATOR.join(text[start : start + length] for start, length in spans)
    bounds = np.fromiter(segmenter(joined), dtype=np.int64).reshape(-1, 2)
    joined_points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    if segmenter is _icu_segments and int(joined_points.max()) > 0xFFFF:
        # ICU counts UTF-16 code units: a character past U+FFFF takes two.
        units16 = np.cumsum(1 + (joined_points > 0xFFFF)) - (1 + (joined_points > 0xFFFF))
        bounds = np.searchsorted(units16, bounds)
    starts, ends = bounds[:, 0], bounds[:, 1]
    table = _starts_unit()
    keep = table[np.minimum(joined_points[np.minimum(starts, len(joined_points) - 1)], _TABLE_END)]
    keep &= ends > starts
    starts, ends = starts[keep], ends[keep]
    # Each document sits one separator further on in `joined` than the one before it.
    joined_starts = np.cumsum(doc_lengths + 1) - (doc_lengths + 1)
    doc = np.searchsorted(joined_starts, starts, side="right") - 1
    shift = doc_starts[doc] - joined_starts[doc]
    return starts + shift, ends + shift
