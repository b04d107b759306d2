"""One interface over tiktoken, Hugging Face tokenizers and SentencePiece.

Every backend answers the same four questions (ids, text, spans, vocabulary) so that pages and
metrics never care which library a model's tokenizer lives in. Backends implement only the
library calls; validation, token kinds and the `Segmentation` are built here, once.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain

import numpy as np

from tokenlab.errors import SegmentationError, foreign_errors
from tokenlab.text.segment import Segmentation, TokenKind, check_text


@dataclass(frozen=True)
class SpanArrays:
    """Tokens of several texts as flat int64 columns, texts one after another; `starts` and
    `ends` are character offsets into each token's own text."""

    ids: np.ndarray
    counts: np.ndarray  # tokens per text
    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def of_texts(cls, per_text: Sequence[tuple[Sequence[int], Sequence[int], Sequence[int]]]) -> SpanArrays:
        """From (ids, starts, ends) lists per text."""
        counts = np.fromiter((len(ids) for ids, _, _ in per_text), dtype=np.int64, count=len(per_text))
        total = int(counts.sum())

        def column(index: int) -> np.ndarray:
            return np.fromiter(chain.from_iterable(text[index] for text in per_text), dtype=np.int64, count=total)

        return cls(column(0), counts, column(1), column(2))


@dataclass(frozen=True)
class TokenizerInfo:
    """A catalogue entry: what a tokenizer is, where it comes from, who uses it."""

    id: str
    name: str
    family: str
    algorithm: str
    vocab_size: int
    models: tuple[str, ...] = ()
    licence: str = "unknown"
    loader: str = ""
    files: tuple[str, ...] = ()
    sha256: Mapping[str, str] = field(default_factory=dict)
    source: tuple[str, ...] = ()
    normalizer: str | None = None
    byte_fallback: bool = False
    notes: str = ""

    @property
    def label(self) -> str:
        """Name for pickers and legends, with the id when the name does not already say it:
        "GPT-4o (o200k_base)", "Llama 3", "Mistral 7B v0.1 · mistral-v1"."""
        squash = "".join(ch for ch in self.name.lower() if ch.isalnum())
        if "".join(ch for ch in self.id.lower() if ch.isalnum()) in squash:
            return self.name
        return f"{self.name} · {self.id}"

    def summary(self) -> dict[str, object]:
        """The fields a catalogue table shows, as plain values."""
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family,
            "algorithm": self.algorithm,
            "vocab_size": self.vocab_size,
            "models": ", ".join(self.models),
            "licence": self.licence,
        }


class Tokenizer(ABC):
    """A loaded tokenizer. Never adds special tokens; special-looking text stays text."""

    #: True when a text's tokens' bytes always join to exactly its UTF-8 bytes (no normalizer,
    #: no prefix): corpus profiling then skips checking that, document by document.
    lossless = False

    def __init__(self, info: TokenizerInfo) -> None:
        self.info = info
        # Bytes of recently seen ids, bounded: a full table of a 262K vocabulary costs tens of
        # MB per tokenizer, and a text uses a few thousand distinct ids.
        self._cached_bytes = lru_cache(maxsize=1 << 16)(self._lookup_bytes)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.info.id!r} vocab_size={self.vocab_size}>"

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def vocab_size(self) -> int:
        """The model's full vocabulary, reserved and special tokens included."""
        return self.info.vocab_size

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`, exactly as the tokenizer's own library returns them."""
        return self._encode(check_text(text))

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        """`encode` for many texts; backends with a parallel batch call override this."""
        return [self.encode(text) for text in texts]

    def segment(self, text: str) -> Segmentation:
        """The tokens of `text` with character spans, bytes and kinds."""
        text = check_text(text)
        # A user's tokenizer file can load and still fail on a text (a pre-tokenizer regex the
        # Rust engine panics on, an id with no bytes): that is a message, not a crash.
        with foreign_errors(SegmentationError, f"{self.name} could not segment this text"):
            ids, starts, ends, raw = self._segment_columns(text)
            return Segmentation(self.id, text, ids, starts, ends, raw, self._kinds)

    def spans_batch(self, texts: Sequence[str]) -> SpanArrays:
        """Ids and character spans of every text's tokens, exactly as `segment` gives them but
        without bytes, as flat arrays: corpus profiling needs spans for many texts at once.
        Backends whose library returns offsets from a parallel batch call override this."""
        return SpanArrays.of_texts([self._segment_columns(check_text(text))[:3] for text in texts])

    def normalized_batch(self, texts: Sequence[str]) -> list[tuple[str, list[int]]] | None:
        """Each text as the tokenizer's normalizer rewrites it before splitting, with the
        original character offset of every normalized character (plus one past the end), or
        None when the library does not expose its normalizer with offsets.

        Spans of a normalizing tokenizer's tokens then come from its ids alone: their bytes
        spell the normalized text, and the offsets lead back to the original.
        """
        return None

    def split_specials(self, text: str) -> list[tuple[str, int | None]]:
        """`text` cut at the texts of the tokenizer's special tokens: (special text, its id) and
        (text between them, None), in order; longest special first where two start alike.

        "<|im_start|>user\nHi" -> [("<|im_start|>", 151644), ("user\nHi", None)] (Qwen3)
        """
        text = check_text(text)
        pattern, ids = self._special_pattern
        if pattern is None:
            return [(text, None)] if text else []
        parts: list[tuple[str, int | None]] = []
        at = 0
        for match in pattern.finditer(text):
            if match.start() > at:
                parts.append((text[at : match.start()], None))
            parts.append((match.group(), ids[match.group()]))
            at = match.end()
        if at < len(text):
            parts.append((text[at:], None))
        return parts

    def encode_prompt(self, text: str) -> list[int]:
        """Ids of a prompt a chat template rendered, where the text of a special token stands
        for the token itself (as transformers' `apply_chat_template` encodes it), unlike
        `encode`, which reads a user's "<|im_start|>" as the characters it is made of."""
        return [
            token_id
            for part, special in self.split_specials(text)
            for token_id in ([special] if special is not None else self._encode(part))
        ]

    @cached_property
    def _special_pattern(self) -> tuple[re.Pattern[str] | None, dict[str, int]]:
        """A regex matching any special token's text (longest first), and each text's id (the
        lowest, where two ids spell the same text)."""
        ids: dict[str, int] = {}
        for token_id in sorted(token_id for token_id, kind in self._kinds.items() if kind is TokenKind.SPECIAL):
            try:
                spelled = self.token_bytes(token_id).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                continue
            if spelled:
                ids.setdefault(spelled, token_id)
        if not ids:
            return None, ids
        return re.compile("|".join(map(re.escape, sorted(ids, key=len, reverse=True)))), ids

    def encode_with_format(self, text: str) -> list[int]:
        """Ids as the model's input format has them: `encode` plus the BOS/EOS/[CLS]/[SEP] the
        tokenizer itself defines (what a provider bills for the text alone, before any chat
        template)."""
        prefix, suffix = self.format_tokens
        return [*prefix, *self.encode(text), *suffix]

    @property
    @abstractmethod
    def format_tokens(self) -> tuple[list[int], list[int]]:
        """Special ids the tokenizer's own format puts before and after a text."""

    def token_bytes(self, token_id: int) -> bytes:
        """The bytes one vocabulary entry stands for (a special token: its literal text)."""
        return self._cached_bytes(token_id)

    def token_kind(self, token_id: int) -> TokenKind:
        return self._kinds.get(token_id, TokenKind.NORMAL)

    @property
    def kinds(self) -> Mapping[int, TokenKind]:
        """Kinds of the ids that are not NORMAL: special, byte fallback, unknown."""
        return self._kinds

    def entries_bytes(self, ids: Sequence[int]) -> list[bytes]:
        """The bytes of many vocabulary entries at once, b"" for an id the vocabulary lacks:
        corpus profiling spells every id a corpus uses (a sandboxed tokenizer answers in one
        request instead of one per id). Not cached, unlike `token_bytes`."""
        return [self._entry_or_empty(token_id) for token_id in ids]

    def _entry_or_empty(self, token_id: int) -> bytes:
        try:
            return self._lookup_bytes(token_id)
        except ValueError:
            return b""

    def vocab(self) -> dict[int, bytes]:
        """Every vocabulary entry as bytes, by id.

        Built anew on each call (tens of MB for a 262K vocabulary), so keep the result while
        you need it rather than holding one per loaded tokenizer.
        """
        return {token_id: self._lookup_bytes(token_id) for token_id in self._vocab_ids()}

    @property
    @abstractmethod
    def algorithm(self) -> str:
        """What the library says the model is ("byte-level BPE", "SentencePiece Unigram", ...)."""

    @abstractmethod
    def decode(self, ids: Sequence[int]) -> str:
        """Text of `ids`; bytes that are not valid UTF-8 become U+FFFD."""

    @abstractmethod
    def _encode(self, text: str) -> list[int]: ...

    @abstractmethod
    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        """ids, character starts, character ends and bytes of every token, in order."""

    @abstractmethod
    def _lookup_bytes(self, token_id: int) -> bytes:
        """Bytes of one id; raises ValueError for an id the vocabulary does not have."""

    @abstractmethod
    def _vocab_ids(self) -> Iterable[int]:
        """Every id the vocabulary defines."""

    @abstractmethod
    def _build_kinds(self) -> dict[int, TokenKind]:
        """Kinds of the ids that are not NORMAL (a small map: specials, bytes, unknown)."""

    @cached_property
    def _kinds(self) -> dict[int, TokenKind]:
        return self._build_kinds()

    def _missing(self, token_id: int) -> ValueError:
        return ValueError(f"{self.id} has no token with id {token_id}.")
