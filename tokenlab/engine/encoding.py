"""Token ids, character spans and kinds for many documents at once, fast.

Profiling a corpus needs every token's span (for word alignment), but `Tokenizer.segment`
works one text at a time and costs 2-6x a library's parallel batch encode. So spans are
rebuilt from the batch ids: when the tokens' bytes, concatenated, are exactly the document's
UTF-8 bytes (every tiktoken and byte-level BPE encoding; SentencePiece models after their
one dummy-prefix space), each token's byte span is a running sum of byte lengths. That is
checked byte for byte, per document (tiktoken is lossless and skips it). A document that
fails the check was changed by a normalizer. Where the library exposes its normalizer with
offsets (SentencePiece), the tokens' bytes spell the normalized text and the offsets lead
back to the original characters, still from the same ids; otherwise (BERT's lowercasing) the
document is segmented again with `Tokenizer.spans_batch`, the library's batch call with
offsets. Either way the spans are those of the in-context encoding, equal to `segment`'s.

Two baselines encode the same way, as byte-level and character-level models would see the
text: `utf8-bytes` (one token per UTF-8 byte) and `unicode-chars` (one per code point).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from typing import Protocol

import numpy as np

from tokenlab.text.coverage import decomposed_marks
from tokenlab.text.segment import TokenKind, char_of_byte_index, char_spans_of_bytes
from tokenlab.text.word_units import whitespace_mask
from tokenlab.tokenizers.base import SpanArrays, Tokenizer, TokenizerInfo

#: Bump when what is counted per document changes: it is part of every cache key.
COUNTS_VERSION = "2"
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
    #: Per document, combining marks a normalizer stripped (text/coverage.py); None: none can be.
    lost_marks: np.ndarray | None = None


class CorpusEncoder(Protocol):
    """What profiling needs from a tokenizer or a baseline."""

    @property
    def id(self) -> str: ...

    @property
    def vocab_size(self) -> int: ...

    @property
    def cache_key(self) -> str: ...

    def encode_documents(self, texts: Sequence[str] | BatchText) -> EncodedBatch: ...


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """Start of each segment given segment lengths: [3, 1, 2] -> [0, 3, 4]."""
    return np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64) if len(lengths) else lengths


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(("tokenlab-counts", COUNTS_VERSION, *parts)).encode()).hexdigest()


class BatchText:
    """A batch of documents and what every encoder needs to know of their text (UTF-8 bytes,
    lengths, where each byte's character is), worked out once per batch and shared by all
    the tokenizers that profile it."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)

    @classmethod
    def of(cls, texts: Sequence[str] | BatchText) -> BatchText:
        return texts if isinstance(texts, BatchText) else cls(texts)

    def __len__(self) -> int:
        return len(self.texts)

    @cached_property
    def encoded(self) -> list[bytes]:
        return [text.encode("utf-8") for text in self.texts]

    @cached_property
    def joined(self) -> bytes:
        return b"".join(self.encoded)

    @cached_property
    def doc_bytes(self) -> np.ndarray:
        return np.fromiter(map(len, self.encoded), dtype=np.int64, count=len(self.texts))

    @cached_property
    def doc_chars(self) -> np.ndarray:
        return np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))

    @cached_property
    def char_bases(self) -> np.ndarray:
        """Where each text starts in the texts joined, in characters."""
        return _offsets(self.doc_chars)

    @cached_property
    def n_chars(self) -> int:
        return int(self.doc_chars.sum())

    @cached_property
    def char_of_byte(self) -> np.ndarray:
        return char_of_byte_index(self.joined, self.n_chars).astype(np.int32)

    @cached_property
    def points(self) -> np.ndarray:
        """The code points of the texts joined."""
        return np.frombuffer("".join(self.texts).encode("utf-32-le"), dtype=np.uint32)

    @cached_property
    def visible_prefix(self) -> np.ndarray:
        """Characters other than whitespace before each position of the texts joined (one
        entry past the end): how many of them a range holds is a difference of two entries."""
        return np.concatenate(([0], np.cumsum(~whitespace_mask(self.points), dtype=np.int64)))


#: Capitals and composed accents: unchanged by NFC or NFKC, changed by lowercasing or accent stripping.
_PLAIN_PROSE = "All human beings are born free and equal in dignity and rights. Élan, Ärzte, Ñandú."


@dataclass(frozen=True)
class _Stream:
    """A batch's tokens as one byte stream: each token's byte span in it, each document's
    stream length, and (unless the tokenizer is lossless) the stream's bytes."""

    token_doc: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    lengths: np.ndarray
    produced: bytes

    @cached_property
    def _bounds(self) -> list[int]:
        return np.concatenate(([0], np.cumsum(self.lengths))).tolist()

    def produced_by(self, doc: int) -> bytes:
        """The bytes of document `doc`'s tokens."""
        return self.produced[self._bounds[doc] : self._bounds[doc + 1]]


class VocabBytes:
    """The bytes of every id a tokenizer has used so far, in one buffer, with byte lengths and
    kinds, so a batch's tokens are spelled by one numpy gather (3x a `bytes.join` of per-id
    objects, and a fraction of their memory for a 262K vocabulary).

    Entries are looked up as batches bring new ids rather than all at once: a corpus uses a
    fraction of a vocabulary (a fifth of Gemma 3's over the whole UDHR), and building every
    entry first cost 1.5 s of a cold profile of the UDHR with 15 tokenizers, with every core
    but one idle. Batches of one tokenizer run on several threads: entries are added under a
    lock, and an id's length is written last, so a reader that sees it sees its bytes too.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self._lock = threading.Lock()
        self.data = np.empty(0, dtype=np.uint8)
        self.lengths = np.full(0, -1, dtype=np.int64)  # -1: not looked up yet
        self.starts = np.zeros(0, dtype=np.int64)
        self.kinds = np.zeros(0, dtype=np.uint8)  # KIND_CODES
        self._grow(tokenizer.vocab_size)

    def _grow(self, size: int) -> None:
        """Room for ids below `size` (a user's tokenizer may use ids past its declared size)."""
        old = len(self.lengths)
        kinds = np.zeros(size, dtype=np.uint8)
        kinds[:old] = self.kinds
        for token_id, kind in self._tokenizer._kinds.items():
            if old <= token_id < size:
                kinds[token_id] = KIND_CODES[kind]
        self.starts = np.concatenate((self.starts, np.zeros(size - old, dtype=np.int64)))
        self.kinds = kinds
        self.lengths = np.concatenate((self.lengths, np.full(size - old, -1, dtype=np.int64)))

    def _cover(self, ids: np.ndarray) -> None:
        if len(ids) and int(ids.max()) >= len(self.lengths):
            with self._lock:
                self._grow(max(len(self.lengths), int(ids.max()) + 1))

    def kinds_of(self, ids: np.ndarray) -> np.ndarray:
        self._cover(ids)
        return self.kinds[ids]

    def lengths_of(self, ids: np.ndarray) -> np.ndarray:
        """Byte lengths of `ids`, looking up the entries not seen yet (an id the vocabulary
        lacks spells b"")."""
        self._cover(ids)
        lengths = self.lengths[ids]
        if len(ids) and lengths.min() < 0:
            with self._lock:
                flags = np.zeros(len(self.lengths), dtype=bool)  # cheaper than np.unique's sort
                flags[ids[lengths < 0]] = True
                new = np.flatnonzero(flags & (self.lengths < 0))
                # Not `token_bytes`: its cache would hold every entry a second time, as an object.
                pieces = self._tokenizer.entries_bytes(new.tolist())
                sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
                self.starts[new] = len(self.data) + _offsets(sizes)
                self.data = np.concatenate((self.data, np.frombuffer(b"".join(pieces), dtype=np.uint8)))
                self.lengths[new] = sizes
            lengths = self.lengths[ids]
        return lengths

    def spell(self, ids: np.ndarray) -> bytes:
        """The bytes of tokens `ids`, concatenated."""
        sizes = self.lengths_of(ids)
        data = self.data
        stream_starts = np.cumsum(sizes) - sizes
        return data[np.repeat(self.starts[ids] - stream_starts, sizes) + np.arange(int(sizes.sum()))].tobytes()


class TokenizerEncoder:
    """A `Tokenizer` as a corpus encoder: its batch encode, plus spans rebuilt from bytes."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.id = tokenizer.id
        self.vocab_size = tokenizer.vocab_size

    @cached_property
    def cache_key(self) -> str:
        """Hash of the tokenizer's files (or, for a user's file, of its vocabulary)."""
        if self.tokenizer.info.sha256:
            return _files_key(self.tokenizer.info)
        vocab = hashlib.sha256()
        for token_id, raw in sorted(self.tokenizer.vocab().items()):
            vocab.update(token_id.to_bytes(8, "little") + len(raw).to_bytes(4, "little") + raw)
        return _key(self.id, self.tokenizer.algorithm, vocab.hexdigest())

    @cached_property
    def _table(self) -> VocabBytes:
        return VocabBytes(self.tokenizer)

    def _spelled(self, text: str) -> bytes:
        """The bytes of `text`'s tokens, concatenated (ids outside the vocabulary spell nothing)."""
        return self._table.spell(np.array(self.tokenizer.encode(text), dtype=np.int64))

    @cached_property
    def _prefix(self) -> bytes:
        """Bytes the tokenizer puts before a text: b" " for SentencePiece's "▁" prefix, else b""."""
        raw = self._spelled("a")
        return raw[:-1] if raw.endswith(b"a") and raw[:-1] in (b"", b" ") else b""

    def encode_documents(self, texts: Sequence[str] | BatchText) -> EncodedBatch:
        """Ids of `texts` from one batch call, with spans and kinds."""
        text = BatchText.of(texts)
        if self._normalizing or self._rewrites_plain_text:
            ids, counts, starts, ends = _span_columns(self.tokenizer.spans_batch(text.texts), text.char_bases)
            changed = np.ones(len(text), dtype=bool)
        else:
            ids, counts, starts, ends, changed = self._spans_from_bytes(text)
        kinds = self._table.kinds_of(ids)
        lost = self._lost_marks(text, ids, counts, starts, ends, kinds, changed) if changed.any() else None
        return EncodedBatch(ids, counts, starts, ends, kinds, lost)

    def _lost_marks(
        self,
        text: BatchText,
        ids: np.ndarray,
        counts: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        kinds: np.ndarray,
        changed: np.ndarray,
    ) -> np.ndarray:
        """Per document whose tokens do not spell it exactly, the combining marks (in NFD) of
        the characters its tokens cover that the tokens' own text lacks (text/coverage.py)."""
        n_docs = len(text)
        token_doc = np.repeat(np.arange(n_docs), counts)
        spelling = (kinds == KIND_CODES[TokenKind.NORMAL]) | (kinds == KIND_CODES[TokenKind.BYTE_FALLBACK])
        seen = spelling & changed[token_doc]
        unknown = kinds == KIND_CODES[TokenKind.UNKNOWN]

        def span_mask(picked: np.ndarray) -> np.ndarray:
            edges = np.bincount(starts[picked], minlength=text.n_chars + 1)
            edges -= np.bincount(np.minimum(ends[picked], text.n_chars), minlength=text.n_chars + 1)
            return np.cumsum(edges)[:-1] > 0

        covered = span_mask(seen) & ~span_mask(unknown)
        char_doc = np.repeat(np.arange(n_docs), text.doc_chars)
        have = np.bincount(char_doc[covered], decomposed_marks(text.points[covered]), minlength=n_docs)
        picked = ids[seen]
        stream = self._table.spell(picked)
        byte_doc = np.repeat(token_doc[seen], self._table.lengths_of(picked))
        lead = (np.frombuffer(stream, dtype=np.uint8) & 0xC0) != 0x80
        spelled = stream.decode("utf-8", errors="replace")
        if len(spelled) == int(lead.sum()):
            points = np.frombuffer(spelled.encode("utf-32-le"), dtype=np.uint32)
            kept = np.bincount(byte_doc[lead], decomposed_marks(points), minlength=n_docs)
        else:  # a token sequence that is not UTF-8 (a lone byte): each document on its own
            bounds = np.searchsorted(byte_doc, np.arange(n_docs + 1))
            kept = np.array(
                [
                    decomposed_marks(
                        np.frombuffer(
                            stream[bounds[d] : bounds[d + 1]].decode("utf-8", "ignore").encode("utf-32-le"), np.uint32
                        )
                    ).sum()
                    for d in range(n_docs)
                ]
            )
        return np.where(changed, np.maximum(have - kept, 0), 0).astype(np.int64)

    def _spans_from_bytes(self, text: BatchText) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Ids from the library's batch encode, spans from running sums of token byte lengths;
        documents whose tokens' bytes are not exactly theirs (the last column, `changed`) are
        mapped through the normalizer."""
        texts = text.texts
        batch = self.tokenizer.encode_batch(texts)
        table = self._table
        counts = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        ids = np.fromiter(chain.from_iterable(batch), dtype=np.int64, count=int(counts.sum()))
        doc_bytes = text.doc_bytes
        token_bytes = table.lengths_of(ids)
        stream_ends = np.cumsum(token_bytes)
        token_doc = np.repeat(np.arange(len(texts)), counts)
        doc_stream_ends = np.concatenate(([0], stream_ends))[np.cumsum(counts)]
        stream_lengths = np.diff(doc_stream_ends, prepend=0)
        stream = _Stream(
            token_doc,
            stream_ends - token_bytes,
            stream_ends,
            stream_lengths,
            b"" if self.tokenizer.lossless else table.spell(ids),
        )
        exact = np.ones(len(texts), dtype=bool) if self.tokenizer.lossless else self._exact_documents(stream, text)
        if exact.all() and not self._prefix:  # the tokens' bytes are the batch's bytes, in order
            byte_starts, byte_ends = stream.starts, stream.ends
        else:  # each token's byte span in its document, past the prefix, then in the batch's text
            doc_byte_starts = _offsets(doc_bytes)[token_doc]
            limit = doc_bytes[token_doc]
            local = (doc_stream_ends - stream_lengths)[token_doc] + len(self._prefix)
            byte_starts = doc_byte_starts + np.clip(stream.starts - local, 0, limit)
            byte_ends = doc_byte_starts + np.clip(stream.ends - local, 0, limit)
        starts, ends = char_spans_of_bytes(text.joined, text.n_chars, byte_starts, byte_ends, text.char_of_byte)
        changed = ~exact
        if exact.all():
            return ids, counts, starts, ends, changed
        exact |= self._spans_from_normalized(text, exact, stream, starts, ends)
        if exact.all():
            return ids, counts, starts, ends, changed
        self._normalizing = exact.mean() < 0.5
        return (*self._segment_inexact(text, exact, ids, counts, starts, ends), changed)

    #: Set once a batch shows a normalizer changing most documents that the library does not
    #: expose with offsets: then its batch call with offsets is cheaper than encoding every
    #: batch twice.
    _normalizing = False

    @cached_property
    def _rewrites_plain_text(self) -> bool:
        """Does a normalizer without offsets change even plain prose (BERT lowercases it)? Then
        every document goes to the batch call with offsets from the first batch on."""
        if self.tokenizer.normalized_batch([""]) is not None:
            return False
        return self._spelled(_PLAIN_PROSE) != self._prefix + _PLAIN_PROSE.encode("utf-8")

    def _exact_documents(self, stream: _Stream, text: BatchText) -> np.ndarray:
        """Per document: are its tokens' bytes exactly the prefix plus its UTF-8 bytes?

        Equal lengths per document and one comparison of the whole batch settle the usual
        case; only a batch with a normalized document is compared document by document.
        """
        prefix, doc_bytes = self._prefix, text.doc_bytes
        expected = [prefix + raw if raw else raw for raw in text.encoded]
        if np.array_equal(
            stream.lengths, doc_bytes + np.where(doc_bytes > 0, len(prefix), 0)
        ) and stream.produced == b"".join(expected):
            return np.ones(len(text), dtype=bool)
        return np.array([stream.produced_by(doc) == raw for doc, raw in enumerate(expected)], dtype=bool)

    def _spans_from_normalized(
        self, text: BatchText, exact: np.ndarray, stream: _Stream, starts: np.ndarray, ends: np.ndarray
    ) -> np.ndarray:
        """Spans (written into `starts`/`ends`) of the inexact documents whose tokens' bytes
        spell the normalizer's output exactly; returns which documents were mapped.

        A token's byte span in the normalized text gives its normalized characters, and the
        normalizer's offsets give the original characters they came from.
        """
        candidates = np.flatnonzero(~exact)
        normalized = self.tokenizer.normalized_batch([text.texts[doc] for doc in candidates])
        mapped = np.zeros(len(text), dtype=bool)
        if normalized is None:
            return mapped
        forms = [form.encode("utf-8") for form, _ in normalized]
        match = np.array(
            [stream.produced_by(int(doc)) == form for doc, form in zip(candidates, forms, strict=True)], dtype=np.bool_
        )
        if not match.any():
            return mapped
        docs = candidates[match]
        kept = np.flatnonzero(match)
        forms = [forms[i] for i in kept]
        offsets = [normalized[i][1] for i in kept]
        mapped[docs] = True
        tokens = np.flatnonzero(mapped[stream.token_doc])
        # Position of each mapped document's stream, and of its normalized text, when joined.
        ordinal = np.cumsum(mapped) - 1
        token_ordinal = ordinal[stream.token_doc[tokens]]
        form_bases = _offsets(np.fromiter(map(len, forms), dtype=np.int64, count=len(forms)))
        shift = (form_bases - _offsets(stream.lengths)[docs])[token_ordinal]
        # Like SentencePiece's own offsets: a byte position inside a character counts as
        # that character's start (a byte-fallback piece of "״" spans the character's start).
        char_at = char_of_byte_index(b"".join(forms), sum(len(normalized[i][0]) for i in kept))
        norm_starts = char_at[stream.starts[tokens] + shift]
        norm_ends = char_at[stream.ends[tokens] + shift]
        # Original character of every normalized one, in the batch's text; each document's
        # offsets have one entry past its end, so a token's entries are at char + ordinal.
        entries = np.fromiter(map(len, offsets), dtype=np.int64, count=len(offsets))
        table = np.fromiter(chain.from_iterable(offsets), dtype=np.int64, count=int(entries.sum()))
        table += np.repeat(text.char_bases[docs], entries)
        token_starts, token_ends = table[norm_starts + token_ordinal], table[norm_ends + token_ordinal]
        # As in `segment`: a token whose span is empty ("1" of "¼" -> "1⁄4") shares the
        # character it starts at, unless it is at its document's end.
        doc_ends = text.char_bases + text.doc_chars
        empty = (token_ends <= token_starts) & (token_starts < doc_ends[docs][token_ordinal])
        starts[tokens] = token_starts
        ends[tokens] = np.where(empty, token_starts + 1, token_ends)
        return mapped

    def _segment_inexact(
        self,
        text: BatchText,
        exact: np.ndarray,
        ids: np.ndarray,
        counts: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Replace the tokens of documents that failed the byte check with `spans_batch`'s."""
        inexact = np.flatnonzero(~exact)
        spans = self.tokenizer.spans_batch([text.texts[doc] for doc in inexact])
        again = _span_columns(spans, text.char_bases[inexact])
        # Document of every token, old and new; a stable sort by it interleaves them in order.
        kept = np.repeat(exact, counts)
        doc = np.concatenate((np.repeat(np.arange(len(text)), counts)[kept], np.repeat(inexact, again[1])))
        order = np.argsort(doc, kind="stable")
        new_counts = counts.copy()
        new_counts[inexact] = again[1]
        return (
            np.concatenate((ids[kept], again[0]))[order],
            new_counts,
            np.concatenate((starts[kept], again[2]))[order],
            np.concatenate((ends[kept], again[3]))[order],
        )


def _span_columns(spans: SpanArrays, bases: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`Tokenizer.spans_batch` output with each text's spans moved by its base."""
    shift = np.repeat(bases, spans.counts)
    return spans.ids, spans.counts, spans.starts + shift, spans.ends + shift


def _utf8_units(text: BatchText) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every UTF-8 byte, bytes per document, and the character each byte belongs to."""
    return np.frombuffer(text.joined, dtype=np.uint8), text.doc_bytes, text.char_of_byte[:-1].astype(np.int64)


def _code_point_units(text: BatchText) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every code point, code points per document, and its own character index."""
    points = np.frombuffer("".join(text.texts).encode("utf-32-le"), dtype=np.uint32)
    return points, text.doc_chars, np.arange(len(points), dtype=np.int64)


@dataclass(frozen=True)
class UnitBaseline:
    """A model that reads one unit of text per token; each token spans the character it is (part of)."""

    id: str
    vocab_size: int
    units: Callable[[BatchText], tuple[np.ndarray, np.ndarray, np.ndarray]]

    @property
    def cache_key(self) -> str:
        return _key("baseline", self.id)

    def encode_documents(self, texts: Sequence[str] | BatchText) -> EncodedBatch:
        ids, counts, starts = self.units(BatchText.of(texts))
        return EncodedBatch(ids.astype(np.int64), counts, starts, starts + 1, np.zeros(len(ids), dtype=np.uint8))


#: What a byte-level model (ByT5, |V| = 256) and a character-level model (|V| = every code
#: point) would pay for the same text.
_BASELINE_MODELS = (
    UnitBaseline("utf8-bytes", 256, _utf8_units),
    UnitBaseline("unicode-chars", 0x110000, _code_point_units),
)


BASELINES: dict[str, CorpusEncoder] = {baseline.id: baseline for baseline in _BASELINE_MODELS}


def _files_key(info: TokenizerInfo) -> str:
    return _key(info.id, *(f"{name}={digest}" for name, digest in sorted(info.sha256.items())))


def bundled_cache_key(tokenizer_id: str) -> str:
    """`corpus_encoder(tokenizer_id).cache_key` of a bundled tokenizer or a baseline, without
    loading the tokenizer: a driver deciding which results are current needs only this."""
    if tokenizer_id in BASELINES:
        return BASELINES[tokenizer_id].cache_key
    from tokenlab.tokenizers.registry import tokenizer_info

    return _files_key(tokenizer_info(tokenizer_id))


def corpus_encoder(tokenizer: str | Tokenizer) -> CorpusEncoder:
    """The encoder for a bundled tokenizer id, a baseline id or a loaded `Tokenizer`."""
    if isinstance(tokenizer, Tokenizer):
        return TokenizerEncoder(tokenizer)
    if tokenizer in BASELINES:
        return BASELINES[tokenizer]
    from tokenlab.tokenizers.registry import load_tokenizer

    # A new encoder per call: one kept per process would keep its tokenizer loaded past the
    # registry's memory budget. Its byte table is learned again, a fifth of a vocabulary.
    return TokenizerEncoder(load_tokenizer(tokenizer))
