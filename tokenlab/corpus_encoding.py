"""Token ids, character spans and kinds for many documents at once, fast.

Profiling a corpus needs every token's span (for word alignment), but `Tokenizer.segment`
works one text at a time and costs 2-6x a library's parallel batch encode. So spans are
rebuilt from the batch ids: when the tokens' bytes, concatenated, are exactly the document's
UTF-8 bytes (every tiktoken and byte-level BPE encoding; SentencePiece models after their
one dummy-prefix space), each token's byte span is a running sum of byte lengths. That is
checked byte for byte, per document; a document that fails the check (a normalizer changed
the text, as BERT's lowercasing does) is segmented with `Tokenizer.segment` instead, so the
spans are always those of the in-context encoding.

Two baselines encode the same way, as byte-level and character-level models would see the
text: `utf8-bytes` (one token per UTF-8 byte) and `unicode-chars` (one per code point).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Protocol

import numpy as np

from tokenlab.segment import TokenKind, char_spans_from_byte_spans
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
        for token_id, raw in sorted(self._vocab.items()):
            vocab.update(token_id.to_bytes(8, "little") + len(raw).to_bytes(4, "little") + raw)
        return _key(self.id, self.tokenizer.algorithm, vocab.hexdigest())

    @cached_property
    def _vocab(self) -> dict[int, bytes]:
        return self.tokenizer.vocab()

    @cached_property
    def _tables(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Concatenated token bytes, each id's offset and length in them, and each id's kind."""
        vocab = self._vocab
        size = max(vocab) + 1
        lengths = np.zeros(size, dtype=np.int64)
        kinds = np.zeros(size, dtype=np.uint8)
        order = sorted(vocab)
        for token_id in order:
            lengths[token_id] = len(vocab[token_id])
            kinds[token_id] = KIND_CODES[self.tokenizer.token_kind(token_id)]
        buffer = np.frombuffer(b"".join(vocab[i] for i in order), dtype=np.uint8)
        offsets = np.zeros(size, dtype=np.int64)
        offsets[order] = _offsets(lengths[order])
        return buffer, offsets, lengths, kinds

    @cached_property
    def _prefix(self) -> int:
        """Bytes the tokenizer puts before a text: 1 for SentencePiece's "▁" prefix, else 0."""
        raw = b"".join(self._vocab.get(i, b"") for i in self.tokenizer.encode("a"))
        return len(raw) - 1 if raw.endswith(b"a") and raw[:-1] in (b"", b" ") else 0

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch:
        """Ids of `texts` from one batch call, with spans and kinds."""
        batch = self.tokenizer.encode_batch(texts)
        counts = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        ids = np.fromiter(chain.from_iterable(batch), dtype=np.int64, count=int(counts.sum()))
        buffer, offsets, lengths, kinds = self._tables
        ids_in_vocab = np.clip(ids, 0, len(lengths) - 1)
        text = "".join(texts)
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
        doc_bytes = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int64, count=len(texts))
        doc_byte_starts = _offsets(doc_bytes)
        token_doc = np.repeat(np.arange(len(texts)), counts)
        token_bytes = lengths[ids_in_vocab]
        stream_ends = np.cumsum(token_bytes)
        stream_starts = stream_ends - token_bytes
        stream_lengths = np.bincount(token_doc, weights=token_bytes, minlength=len(texts)).astype(np.int64)
        stream_base = _offsets(stream_lengths)
        exact = self._exact_documents(ids_in_vocab, token_doc, stream_starts, stream_lengths, stream_base,
                                      data, doc_bytes, doc_byte_starts)
        local_starts = stream_starts - stream_base[token_doc] - self._prefix
        local_ends = stream_ends - stream_base[token_doc] - self._prefix
        limit = doc_bytes[token_doc]
        byte_starts = doc_byte_starts[token_doc] + np.clip(local_starts, 0, limit)
        byte_ends = doc_byte_starts[token_doc] + np.clip(local_ends, 0, limit)
        starts, ends = (np.asarray(a, dtype=np.int64) for a in char_spans_from_byte_spans(text, byte_starts, byte_ends))
        if not exact.all():
            ids, counts, starts, ends = self._segment_inexact(texts, exact, ids, counts, starts, ends)
        return EncodedBatch(ids, counts, starts, ends, kinds[np.clip(ids, 0, len(kinds) - 1)])

    def _exact_documents(
        self, ids: np.ndarray, token_doc: np.ndarray, stream_starts: np.ndarray, stream_lengths: np.ndarray,
        stream_base: np.ndarray, data: np.ndarray, doc_bytes: np.ndarray, doc_byte_starts: np.ndarray,
    ) -> np.ndarray:
        """Per document: are its tokens' bytes exactly the prefix plus its UTF-8 bytes?"""
        buffer, offsets, lengths, _ = self._tables
        prefix = self._prefix
        exact = stream_lengths == doc_bytes + np.where(doc_bytes > 0, prefix, 0)
        total = int(stream_lengths.sum())
        token_bytes = lengths[ids]
        position = np.arange(total) - np.repeat(stream_starts, token_bytes)
        produced = buffer[np.repeat(offsets[ids], token_bytes) + position]
        stream_doc = np.repeat(np.arange(len(doc_bytes)), stream_lengths)
        in_doc = np.arange(total) - stream_base[stream_doc] - prefix
        source = np.clip(doc_byte_starts[stream_doc] + in_doc, 0, max(len(data) - 1, 0))
        expected = np.where(in_doc < 0, ord(" "), data[source] if len(data) else 0)
        wrong = np.bincount(stream_doc[produced != expected], minlength=len(doc_bytes)) > 0
        return exact & ~wrong

    def _segment_inexact(
        self, texts: Sequence[str], exact: np.ndarray, ids: np.ndarray, counts: np.ndarray,
        starts: np.ndarray, ends: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Replace the spans of documents that failed the byte check with `segment`'s."""
        bounds = np.concatenate(([0], np.cumsum(counts)))
        char_base = _offsets(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)))
        parts: list[tuple[np.ndarray, ...]] = []
        for doc, text in enumerate(texts):
            if exact[doc]:
                lo, hi = bounds[doc], bounds[doc + 1]
                parts.append((ids[lo:hi], starts[lo:hi], ends[lo:hi]))
                continue
            segmentation = self.tokenizer.segment(text)
            base = char_base[doc]
            parts.append((np.asarray(segmentation.ids, dtype=np.int64),
                          np.asarray(segmentation.starts, dtype=np.int64) + base,
                          np.asarray(segmentation.ends, dtype=np.int64) + base))
        new_counts = np.fromiter((len(p[0]) for p in parts), dtype=np.int64, count=len(parts))
        return (np.concatenate([p[0] for p in parts]), new_counts,
                np.concatenate([p[1] for p in parts]), np.concatenate([p[2] for p in parts]))


def _one_character_tokens(ids: np.ndarray, counts: np.ndarray, starts: np.ndarray) -> EncodedBatch:
    """A baseline batch: each token is one unit of text, spanning the character it is (part of)."""
    return EncodedBatch(ids.astype(np.int64), counts, starts, starts + 1, np.zeros(len(ids), dtype=np.uint8))


class Utf8BytesBaseline:
    """One token per UTF-8 byte: what a byte-level model (ByT5) reads. |V| = 256."""

    id = "utf8-bytes"
    vocab_size = 256
    cache_key = _key("baseline", "utf8-bytes")

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch:
        data = np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8)
        counts = np.fromiter((len(t.encode("utf-8")) for t in texts), dtype=np.int64, count=len(texts))
        return _one_character_tokens(data, counts, np.cumsum((data & 0xC0) != 0x80) - 1)


class UnicodeCharsBaseline:
    """One token per code point: a character-level model. |V| = 1,114,112 (every code point)."""

    id = "unicode-chars"
    vocab_size = 0x110000
    cache_key = _key("baseline", "unicode-chars")

    def encode_documents(self, texts: Sequence[str]) -> EncodedBatch:
        points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        counts = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        return _one_character_tokens(points, counts, np.arange(len(points), dtype=np.int64))


BASELINES: dict[str, CorpusEncoder] = {b.id: b for b in (Utf8BytesBaseline(), UnicodeCharsBaseline())}


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
