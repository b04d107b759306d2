"""What is counted for each document: one function that every profiling engine calls.

A document's counts depend only on the tokenizer and the document's own text (each document
is encoded in context, on its own, with no special tokens), so the local engine (batches of
one corpus, word units computed once for every tokenizer) and a distributed engine (batches
of shards on workers) get the same numbers by calling `count_batch` on whatever batches
they have.

    tokens               tokens of the document
    split_words          word units overlapped by more than one token
    continuation_tokens  tokens that continue a word unit an earlier token began
    unknown_tokens       tokens of the tokenizer's unknown kind
    unknown_chars        characters those unknown tokens cover
    byte_fallback_tokens tokens that stand for one raw byte
    dropped_chars        characters a normalizer dropped: those other than whitespace that no
                         token covers, and combining marks stripped from the characters tokens
                         do cover (BERT uncased strips every one; text/coverage.py)

Coverage, the share of a text the model sees, is 1 - (unknown_chars + dropped_chars) / characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from tokenlab import settings
from tokenlab.engine.encoding import KIND_CODES, BatchText, CorpusEncoder, EncodedBatch
from tokenlab.text.alignment import continuation_mask, tokens_per_unit
from tokenlab.text.segment import TokenKind
from tokenlab.text.word_units import WordUnit, unit_spans, units_for_texts

COUNT_COLUMNS = (
    "tokens",
    "split_words",
    "continuation_tokens",
    "unknown_tokens",
    "unknown_chars",
    "byte_fallback_tokens",
    "dropped_chars",
)
_UNKNOWN, _BYTE = KIND_CODES[TokenKind.UNKNOWN], KIND_CODES[TokenKind.BYTE_FALLBACK]


@dataclass(frozen=True)
class BatchUnits:
    """The word units of a batch of documents: character spans in the batch's texts joined
    without separator, and the document (index in the batch) each unit belongs to."""

    starts: np.ndarray
    ends: np.ndarray
    doc: np.ndarray

    @classmethod
    def of_texts(cls, texts: Sequence[str] | BatchText, units: Sequence[WordUnit] | None = None) -> BatchUnits:
        """Units of `texts`, each document in `units[i]` (default: from its dominant script)."""
        text = BatchText.of(texts)
        chosen = list(units) if units is not None else units_for_texts(text.texts)
        starts, ends = unit_spans("".join(text.texts), text.doc_chars, chosen)
        return cls(starts, ends, np.searchsorted(text.char_bases, starts, side="right") - 1)

    def words(self, n_docs: int) -> np.ndarray:
        """Units per document."""
        return np.bincount(self.doc, minlength=n_docs).astype(np.int64)


def batch_ranges(doc_chars: Iterable[int]) -> list[tuple[int, int]]:
    """Document ranges of about `settings.PROFILE_BATCH_CHARS` characters each: large enough for
    the libraries' parallel batch encoders, small enough for a progress bar that moves."""
    bounds, start, size, seen = [], 0, 0, 0
    for seen, chars in enumerate(doc_chars, start=1):
        size += int(chars)
        if size >= settings.PROFILE_BATCH_CHARS:
            bounds.append((start, seen))
            start, size = seen, 0
    if start < seen:
        bounds.append((start, seen))
    return bounds


def count_batch(
    encoder: CorpusEncoder,
    texts: Sequence[str] | BatchText,
    units: BatchUnits,
) -> tuple[dict[str, np.ndarray], EncodedBatch]:
    """Per-document counts (`COUNT_COLUMNS`, one int64 array each) of `texts` by `encoder`,
    and the encoded batch itself (its ids give vocabulary usage)."""
    text = BatchText.of(texts)
    batch = encoder.encode_documents(text)
    n_docs = len(text)
    first, count = tokens_per_unit(batch.starts, batch.ends, units.starts, units.ends)
    continuing = continuation_mask(len(batch.ids), first, count)
    bounds = np.concatenate(([0], np.cumsum(batch.counts)))
    running = np.concatenate(([0], np.cumsum(continuing, dtype=np.int64)))
    # Unknown and byte tokens are few: sum them by document from their indexes alone.
    unknown, byte = np.flatnonzero(batch.kinds == _UNKNOWN), np.flatnonzero(batch.kinds == _BYTE)

    def per_doc(tokens: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Sums of `weights` (default 1) over `tokens` (indexes), by document."""
        doc = np.searchsorted(bounds, tokens, side="right") - 1
        return np.bincount(doc, weights, minlength=n_docs).astype(np.int64)

    counts = {
        "tokens": batch.counts.astype(np.int64),
        "split_words": np.bincount(units.doc[count > 1], minlength=n_docs).astype(np.int64),
        "continuation_tokens": running[bounds[1:]] - running[bounds[:-1]],
        "unknown_tokens": per_doc(unknown),
        "unknown_chars": per_doc(unknown, batch.ends[unknown] - batch.starts[unknown]),
        "byte_fallback_tokens": per_doc(byte),
        "dropped_chars": dropped_chars(batch, text) + (batch.lost_marks if batch.lost_marks is not None else 0),
    }
    return counts, batch


def dropped_chars(batch: EncodedBatch, text: BatchText) -> np.ndarray:
    """Per document, the characters other than whitespace that no token of `batch` covers.

    Tokens are in order, so the text before a token and after the furthest end so far (or its
    document's start) is a gap; so is a document's tail after its last token. Lossless
    tokenizers leave none, and then no character is looked at.
    """
    n_docs = len(text)
    doc_starts = text.char_bases
    doc_ends = doc_starts + text.doc_chars
    reached = np.maximum.accumulate(batch.ends) if len(batch.ends) else batch.ends
    token_doc_start = np.repeat(doc_starts, batch.counts)
    before = np.maximum(np.concatenate(([0], reached[:-1])), token_doc_start)
    last = np.cumsum(batch.counts) - 1
    tail_from = np.where(batch.counts > 0, reached[np.maximum(last, 0)] if len(reached) else 0, doc_starts)
    gap_starts = np.concatenate((before, np.maximum(tail_from, doc_starts)))
    gap_ends = np.concatenate((batch.starts, doc_ends))
    gap_docs = np.concatenate((np.repeat(np.arange(n_docs), batch.counts), np.arange(n_docs)))
    open_ = gap_ends > gap_starts
    if not open_.any():
        return np.zeros(n_docs, dtype=np.int64)
    visible = text.visible_prefix
    lost = visible[gap_ends[open_]] - visible[gap_starts[open_]]
    return np.bincount(gap_docs[open_], lost, minlength=n_docs).astype(np.int64)
