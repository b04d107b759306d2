"""NFC exactly as a Hugging Face tokenizer.json applies it, with where each character came from.

Why not `unicodedata` alone: Qwen3.5's ids and spans are those of its tokenizer.json, whose NFC
normalizer (Hugging Face `tokenizers`) has Unicode 9.0 tables (so combining marks added since
are left in place) and its own rule for the span of a changed character: characters are matched
to the original ones in order, so "e\u0301" -> "é" spans (0, 1). That library's normalizer is
used here, through its pre-tokenizer interface, which is the one that reports offsets.

Text that is already NFC, which is nearly all of it, is returned as is. Otherwise the text is
normalized one run of extended grapheme clusters at a time (NFC never joins or reorders
characters across a cluster boundary; tests check this on the UDHR and on generated text), so
a long text costs one small call per run, never one Python object per character of the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache

import regex
from tokenizers import PreTokenizedString, Regex, normalizers, pre_tokenizers

#: Grapheme clusters per call to the library: large enough to amortise a call, small enough
#: to bound the per-character objects of one.
_CLUSTERS_PER_RUN = 256
_CLUSTERS = regex.compile(r"\X")


@cache
def _library() -> tuple[normalizers.NFC, pre_tokenizers.Split]:
    """The tokenizer.json NFC normalizer, and a pre-tokenizer that isolates every character."""
    return normalizers.NFC(), pre_tokenizers.Split(Regex(r"[\s\S]"), "isolated")


def nfc(text: str) -> str:
    """`text` in NFC as a tokenizer.json's NFC normalizer writes it."""
    return text if unicodedata.is_normalized("NFC", text) else _library()[0].normalize_str(text)


def nfc_with_spans(text: str) -> tuple[str, list[int], list[int]] | None:
    """`text` in NFC, with each normalized character's span in `text`, or None when `text` is
    already NFC (every character then spans itself).

    "e\u0301x" -> ("éx", [0, 2], [1, 3]): "é" spans the "e" it started from, as in a
    tokenizer.json; the combining accent is covered by no normalized character.
    """
    if unicodedata.is_normalized("NFC", text):
        return None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    clusters = [match.end() for match in _CLUSTERS.finditer(text)]
    begin = 0
    for at in range(0, len(clusters), _CLUSTERS_PER_RUN):
        end = clusters[min(at + _CLUSTERS_PER_RUN, len(clusters)) - 1]
        run = text[begin:end]
        if unicodedata.is_normalized("NFC", run):
            pieces.append(run)
            starts.extend(range(begin, end))
            ends.extend(range(begin + 1, end + 1))
        else:
            for char, (start, stop), _ in _normalized_characters(run):
                pieces.append(char)
                starts.append(begin + start)
                ends.append(begin + stop)
        begin = end
    return "".join(pieces), starts, ends


def _normalized_characters(run: str) -> Sequence[tuple[str, tuple[int, int], object]]:
    """The library's NFC of `run`, one character at a time, each with its span in `run`."""
    normalizer, each_character = _library()
    pretokenized = PreTokenizedString(run)
    pretokenized.normalize(normalizer.normalize)
    each_character.pre_tokenize(pretokenized)
    return pretokenized.get_splits(offset_referential="original", offset_type="char")
