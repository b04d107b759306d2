"""Token ids, character spans and kinds for many documents at once, fast.

Profiling a corpus needs every token's span (for word alignment), but `Tokenizer.segment`
works one text at a time and costs 2-6x a library's parallel batch encode. So spans are
rebuilt from the batch ids: when the tokens' bytes, concatenated, are exactly the document's
UTF-8 bytes (every tiktoken and byte-level BPE encoding; SentencePiece models after their
one dummy-prefix space), each token's byte span is a running sum of byte lengths. That is
checked byte for byte, per document (tiktoken is lossless and skips it); documents that fail
the check (a normalizer changed the text, as BERT's lowercasing does) are segmented again with
`Tokenizer.spans_batch`, the library's batch call with offsets, so the spans are always those of
the in-context encoding.

Two baselines encode the same way, as byte-level and character-level models would see the
text: `utf8-bytes` (one token per UTF-8 byte) and `unicode-chars` (one per code point).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Protocol

import numpy as np

from tokenlab.segment import TokenKind, char_spans_of_bytes
from tokenlab.tokenizers.base import Tokenizer

#: Bump when what is counted per document changes: it is part of every cache key.
COUNTS_VERSION = "1"
KIND_CODES = {TokenKind.NORMAL: 0, TokenKind.BYTE_FALLBACK: 1, TokenKind.UNKNOWN: 2, TokenKind.SPECIAL: 3}


@dataclass(frozen=True)
class EncodedBatch:
    """The tokens of a batch of documents as flat columns, documents one after another.

    `starts`/`ends` are character offsets into the batch's texts joined without separator.
    """

    ids: np.ndarray
    counts: np.ndarray  # tokens per document
    starts: np.ndarray
    ends: np.ndarray
    kinds: np.ndarray  # KIND_CODES per token


class CorpusEncoder(Protocol):
    """What profiling needs from a tokenizer or a baseline."""

    id: str
    vocab_size: int

    @property
    def cache_key(self) -> str: ...

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch: ...


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """Start of each segment given segment lengths: [3, 1, 2] -> [0, 3, 4]."""
    return np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(lengths) else lengths


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(("tokenlab-counts", COUNTS_VERSION, *parts)).encode()).hexdigest()


class TokenizerEncoder:
    """A `Tokenizer` as a corpus encoder: its batch encode, plus spans rebuilt from bytes."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.id = tokenizer.id
        self.vocab_size = tokenizer.vocab_size

    @cached_property
    def cache_key(self) -> str:
        """Hash of the tokenizer's files (or, for a user's file, of its vocabulary)."""
        files = sorted(self.tokenizer.info.sha256.items())
        if files:
            return _key(self.id, *(f"{name}={digest}" for name, digest in files))
        vocab = hashlib.sha256()
        for token_id, raw in sorted(self.tokenizer.vocab().items()):
            vocab.update(token_id.to_bytes(8, "little") + len(raw).to_bytes(4, "little") + raw)
        return _key(self.id, self.tokenizer.algorithm, vocab.hexdigest())

    @cached_property
    def _tables(self) -> tuple[list[bytes], np.ndarray, np.ndarray]:
        """Each id's bytes (b"" where the vocabulary has no such id), byte length and kind.

        Bytes as a list, not one array: joining a batch's token bytes with `bytes.join` is one
        C loop, where gathering them byte by byte in numpy costs several arrays per byte.
        """
        vocab = self.tokenizer.vocab()  # not kept: the list below holds the same bytes
        pieces = [b""] * (max(vocab) + 1)
        for token_id, raw in vocab.items():
            pieces[token_id] = raw
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        kinds = np.zeros(len(pieces), dtype=np.uint8)
        for token_id, kind in self.tokenizer._kinds.items():
            if token_id < len(kinds):
                kinds[token_id] = KIND_CODES[kind]
        return pieces, lengths, kinds

    @cached_property
    def _prefix(self) -> bytes:
        """Bytes the tokenizer puts before a text: b" " for SentencePiece's "▁" prefix, else b""."""
        pieces = self._tables[0]
        raw = b"".join(pieces[i] if i < len(pieces) else b"" for i in self.tokenizer.encode("a"))
        return raw[:-1] if raw.endswith(b"a") and raw[:-1] in (b"", b" ") else b""

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch:
        """Ids of `texts` from one batch call, with spans and kinds."""
        if self._normalizing:
            ids, counts, starts, ends = _span_columns(self.tokenizer.spans_batch(texts), _char_bases(texts))
        else:
            ids, counts, starts, ends = self._spans_from_bytes(texts)
        return EncodedBatch(ids, counts, starts, ends, self._tables[2][ids])

    def _spans_from_bytes(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Ids from the library's batch encode, spans from running sums of token byte lengths;
        documents whose tokens' bytes are not exactly theirs are segmented again with offsets."""
        batch = self.tokenizer.encode_batch(texts)
        pieces, lengths, _ = self._tables
        flat = list(chain.from_iterable(batch))
        ids = np.array(flat, dtype=np.int64)
        counts = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        encoded = [text.encode("utf-8") for text in texts]
        doc_bytes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
        token_bytes = lengths[ids]
        stream_ends = np.cumsum(token_bytes)
        token_doc = np.repeat(np.arange(len(texts)), counts)
        stream_lengths = np.bincount(token_doc, weights=token_bytes, minlength=len(texts)).astype(np.int64)
        if self.tokenizer.lossless:
            exact = np.ones(len(texts), dtype=bool)
        else:
            exact = self._exact_documents(b"".join([pieces[i] for i in flat]), stream_lengths, encoded, doc_bytes)
        # Each token's byte span in its document, past the prefix, then in the batch's text.
        doc_byte_starts = _offsets(doc_bytes)[token_doc]
        limit = doc_bytes[token_doc]
        local = _offsets(stream_lengths)[token_doc] + len(self._prefix)
        byte_starts = doc_byte_starts + np.clip(stream_ends - token_bytes - local, 0, limit)
        byte_ends = doc_byte_starts + np.clip(stream_ends - local, 0, limit)
        starts, ends = char_spans_of_bytes(b"".join(encoded), sum(map(len, texts)), byte_starts, byte_ends)
        if exact.all():
            return ids, counts, starts, ends
        self._normalizing = exact.mean() < 0.5
        return self._segment_inexact(texts, exact, ids, counts, starts, ends)

    #: Set once a batch shows a normalizer changing most documents (BERT lowercases them all):
    #: then the library's batch call with offsets is cheaper than encoding every batch twice.
    _normalizing = False

    def _exact_documents(self, produced: bytes, stream_lengths: np.ndarray, encoded: list[bytes],
                         doc_bytes: np.ndarray) -> np.ndarray:
        """Per document: are its tokens' bytes (`produced`, documents one after another) exactly
        the prefix plus its UTF-8 bytes?

        Equal lengths per document and one comparison of the whole batch settle the usual
        case; only a batch with a normalized document is compared document by document.
        """
        prefix = self._prefix
        expected = [prefix + raw if raw else raw for raw in encoded]
        if np.array_equal(stream_lengths, doc_bytes + np.where(doc_bytes > 0, len(prefix), 0)) \
                and produced == b"".join(expected):
            return np.ones(len(encoded), dtype=bool)
        bounds = np.concatenate(([0], np.cumsum(stream_lengths))).tolist()
        return np.array([produced[bounds[doc]:bounds[doc + 1]] == raw for doc, raw in enumerate(expected)], dtype=bool)

    def _segment_inexact(
        self, texts: Sequence[str], exact: np.ndarray, ids: np.ndarray, counts: np.ndarray,
        starts: np.ndarray, ends: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Replace the tokens of documents that failed the byte check with `spans_batch`'s."""
        inexact = np.flatnonzero(~exact)
        again = _span_columns(self.tokenizer.spans_batch([texts[doc] for doc in inexact]), _char_bases(texts)[inexact])
        # Document of every token, old and new; a stable sort by it interleaves them in order.
        kept = np.repeat(exact, counts)
        doc = np.concatenate((np.repeat(np.arange(len(texts)), counts)[kept], np.repeat(inexact, again[1])))
        order = np.argsort(doc, kind="stable")
        new_counts = counts.copy()
        new_counts[inexact] = again[1]
        return (np.concatenate((ids[kept], again[0]))[order], new_counts,
                np.concatenate((starts[kept], again[2]))[order], np.concatenate((ends[kept], again[3]))[order])


def _char_bases(texts: Sequence[str]) -> np.ndarray:
    """Where each text starts in the texts joined, in characters."""
    return _offsets(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))


def _span_columns(spans: list[tuple[list[int], list[int], list[int]]], bases: np.ndarray,
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`Tokenizer.spans_batch` output as flat columns, each text's spans moved by its base."""
    counts = np.fromiter((len(doc_ids) for doc_ids, _, _ in spans), dtype=np.int64, count=len(spans))
    shift = np.repeat(bases, counts)
    total = int(counts.sum())

    def column(index: int) -> np.ndarray:
        return np.fromiter(chain.from_iterable(doc[index] for doc in spans), dtype=np.int64, count=total)

    return column(0), counts, column(1) + shift, column(2) + shift


def _utf8_units(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every UTF-8 byte, bytes per document, and the character each byte belongs to."""
    data = np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8)
    counts = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int64, count=len(texts))
    return data, counts, np.cumsum((data & 0xC0) != 0x80) - 1


def _code_point_units(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every code point, code points per document, and its own character index."""
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    counts = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return points, counts, np.arange(len(points), dtype=np.int64)


@dataclass(frozen=True)
class UnitBaseline:
    """A model that reads one unit of text per token; each token spans the character it is (part of)."""

    id: str
    vocab_size: int
    units: Callable[[Sequence[str]], tuple[np.ndarray, np.ndarray, np.ndarray]]

    @property
    def cache_key(self) -> str:
        return _key("baseline", self.id)

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch:
        ids, counts, starts = self.units(texts)
        return EncodedBatch(ids.astype(np.int64), counts, starts, starts + 1, np.zeros(len(ids), dtype=np.uint8))


#: What a byte-level model (ByT5, |V| = 256) and a character-level model (|V| = every code
#: point) would pay for the same text.
_BASELINE_MODELS = (
    UnitBaseline("utf8-bytes", 256, _utf8_units),
    UnitBaseline("unicode-chars", 0x110000, _code_point_units),
)


BASELINES: dict[str, CorpusEncoder] = {baseline.id: baseline for baseline in _BASELINE_MODELS}


def corpus_encoder(tokenizer: str | Tokenizer) -> CorpusEncoder:
    """The encoder for a bundled tokenizer id, a baseline id or a loaded `Tokenizer`."""
    if isinstance(tokenizer, Tokenizer):
        return TokenizerEncoder(tokenizer)
    if tokenizer in BASELINES:
        return BASELINES[tokenizer]
    from tokenlab.tokenizers.registry import load_tokenizer

    return _bundled_encoder(load_tokenizer(tokenizer))


_encoders: dict[str, TokenizerEncoder] = {}


def _bundled_encoder(tokenizer: Tokenizer) -> TokenizerEncoder:
    """One encoder per bundled tokenizer per process: its byte tables take a second to build."""
    encoder = _encoders.get(tokenizer.id)
    if encoder is None or encoder.tokenizer is not tokenizer:
        encoder = _encoders.setdefault(tokenizer.id, TokenizerEncoder(tokenizer))
    return encoder
