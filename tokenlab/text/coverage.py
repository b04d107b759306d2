"""Coverage: the share of a text's characters that reach the model as themselves.

A tokenizer can hide text from the model in three ways, and each is counted:

- an unknown token ([UNK], <unk>) stands for characters the vocabulary cannot spell: they are
  its `unknown characters`;
- a normalizer drops characters no token covers (BERT drops control characters, Falcon some
  unassigned code points): the characters other than whitespace in the gaps between tokens;
- a normalizer strips combining marks (BERT uncased turns "Việt" into "viet", and drops the
  virama and most vowel signs of Devanagari): the marks the text has in canonical
  decomposition (NFD) that its tokens' text lacks, each counted as one character.

Whitespace is never counted as lost: pre-tokenizers drop or merge spaces by design.

    coverage = 1 - (unknown characters + dropped characters) / characters

Pairs below `settings.MIN_COVERAGE` are marked wherever they appear and left out of rankings:
their token counts are low because the model does not see the text, not because it is cheap.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import numpy as np

from tokenlab.text.segment import Segmentation, TokenKind

#: Code points from here on decompose to nothing with marks (planes 4-16: tags, private use).
_TABLE_END = 0x40000


@cache
def _marks_table() -> np.ndarray:
    """Per code point, how many combining marks its canonical decomposition holds ("ệ" -> 2)."""
    table = np.zeros(_TABLE_END + 1, dtype=np.int64)  # the last entry stands for everything above
    for point in range(_TABLE_END):
        char = chr(point)
        if unicodedata.category(char)[0] == "M":
            table[point] = 1
        elif unicodedata.decomposition(char):
            table[point] = sum(unicodedata.category(c)[0] == "M" for c in unicodedata.normalize("NFD", char))
    return table


def decomposed_marks(points: np.ndarray) -> np.ndarray:
    """Combining marks in the NFD of each code point of `points` (uint32 code points)."""
    return _marks_table()[np.minimum(points, _TABLE_END)]


def _points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def lost_marks(text: str, covered: np.ndarray, token_text: str) -> int:
    """Marks of `text`'s characters where `covered` is true that `token_text` (what the tokens
    covering them spell) lacks; never negative."""
    have = int(decomposed_marks(_points(text))[covered].sum())
    kept = int(decomposed_marks(_points(token_text)).sum())
    return max(0, have - kept)


def segmentation_loss(segmentation: Segmentation) -> tuple[int, int]:
    """(unknown characters, dropped characters) of one segmentation, counted as corpus profiling
    counts them (engine/doc_counts.py and engine/encoding.py)."""
    text = segmentation.text
    covered = np.zeros(len(text), dtype=bool)
    unknown = np.zeros(len(text), dtype=bool)
    unknown_chars, spelled = 0, []
    for token in segmentation:
        if token.kind is TokenKind.UNKNOWN:
            unknown[token.start : token.end] = True
            unknown_chars += token.end - token.start
        elif token.kind is not TokenKind.SPECIAL:
            covered[token.start : token.end] = True
            spelled.append(token.bytes)
    gaps = sum(len("".join(text[start:end].split())) for start, end in segmentation.gaps())
    token_text = b"".join(spelled).decode("utf-8", errors="ignore")
    marks = lost_marks(text, covered & ~unknown, token_text) if token_text != text else 0
    return unknown_chars, gaps + marks


def coverage(characters: int, unknown_chars: int, dropped_chars: int) -> float | None:
    """1 - (unknown + dropped) / characters; None for an empty text."""
    return 1 - (unknown_chars + dropped_chars) / characters if characters else None
