"""Tokens mapped back to the text they came from.

A `Segmentation` answers "which characters of my input became which token?" the same way for
every backend. Offsets are *character* offsets into the Python string the user gave, never
byte offsets, so `text[token.start:token.end]` is always the text a token came from.

Byte-level tokenizers can split one character across tokens: "😀" is four UTF-8 bytes and
GPT-2 spends three tokens on it. Each such token holds part of the character, so each gets
the whole character's span and `partial` is true:

    "a😀" with gpt2 -> [Token(id=64, start=0, end=1, ...),        # "a"
                        Token(id=47249, start=1, end=2, ...),     # b"\\xf0\\x9f\\x98" partial
                        Token(id=222, start=1, end=2, ...)]       # b"\\x80"         partial

Tokenizers with a normalizer (NFC, NFKC, lowercasing, whitespace rules) may drop or merge
characters; `Segmentation.gaps()` lists the input characters no token covers, so views can
still show them and nothing the user typed disappears.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from tokenlab.errors import InvalidTextError


class TokenKind(StrEnum):
    """What a vocabulary entry is, beyond its bytes."""

    NORMAL = "normal"
    BYTE_FALLBACK = "byte"  # SentencePiece-style <0xE3>: one raw byte, used when no piece fits
    UNKNOWN = "unknown"  # [UNK] / <unk>: the text was not representable at all
    SPECIAL = "special"  # control tokens such as <s> or <|endoftext|>


def _hex_escape(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    bad = error.object[error.start : error.end]
    return "".join(f"<0x{b:02X}>" for b in bad), error.end


codecs.register_error("tokenlab-hex", _hex_escape)


def readable_bytes(raw: bytes) -> str:
    """Text for display: valid UTF-8 as is, every other byte as <0xNN>.

    b"\\xe4\\xbd\\xa0\\xe5" -> "你<0xE5>"
    """
    return raw.decode("utf-8", errors="tokenlab-hex")


def _is_valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Token(NamedTuple):
    """One token of a segmentation: its id, where it came from, and what it stands for."""

    id: int
    start: int
    end: int
    bytes: bytes
    kind: TokenKind = TokenKind.NORMAL

    @property
    def piece(self) -> str:
        """The token's bytes as readable text (partial characters as <0xNN>)."""
        return readable_bytes(self.bytes)

    @property
    def partial(self) -> bool:
        """True when the token holds only part of a character (its bytes are not UTF-8)."""
        return not _is_valid_utf8(self.bytes)

    @property
    def is_byte_fallback(self) -> bool:
        return self.kind is TokenKind.BYTE_FALLBACK

    @property
    def is_unknown(self) -> bool:
        return self.kind is TokenKind.UNKNOWN

    @property
    def is_special(self) -> bool:
        return self.kind is TokenKind.SPECIAL


@dataclass(frozen=True)
class Segmentation:
    """The tokens of one text by one tokenizer, in order.

    Stored as columns (ids, starts, ends, bytes) and turned into `Token`s only when iterated:
    a 100,000-character text is ~40,000 tokens, and most views need the counts and the
    first few thousand tokens, not 40,000 objects.
    """

    tokenizer_id: str
    text: str
    ids: list[int]
    starts: list[int]
    ends: list[int]
    token_bytes: list[bytes]
    kinds: Mapping[int, TokenKind] = field(default_factory=dict, compare=False)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[Token]:
        kinds, normal = self.kinds, TokenKind.NORMAL
        for token_id, start, end, raw in zip(self.ids, self.starts, self.ends, self.token_bytes, strict=True):
            yield Token(token_id, start, end, raw, kinds.get(token_id, normal))

    def __getitem__(self, index: int) -> Token:
        token_id = self.ids[index]
        kind = self.kinds.get(token_id, TokenKind.NORMAL)
        return Token(token_id, self.starts[index], self.ends[index], self.token_bytes[index], kind)

    @property
    def tokens(self) -> list[Token]:
        return list(self)

    def gaps(self) -> list[tuple[int, int]]:
        """Character ranges of the input that no token covers, in order.

        Empty for tokenizers without a normalizer; a normalizer that drops characters (BERT
        drops spaces and control characters) leaves gaps: "a b" -> [(1, 2)].
        """
        gaps = []
        cursor = 0
        for start, end in zip(self.starts, self.ends, strict=True):
            if start > cursor:
                gaps.append((cursor, start))
            cursor = max(cursor, end)
        if cursor < len(self.text):
            gaps.append((cursor, len(self.text)))
        return gaps


def check_text(text: object) -> str:
    """Return `text` if every tokenizer can read it, else raise InvalidTextError."""
    if not isinstance(text, str):
        raise InvalidTextError(f"Expected text (str), got {type(text).__name__}.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InvalidTextError(
            f"The text is not valid Unicode: position {error.start} holds a lone surrogate "
            f"({text[error.start]!r}). Remove it or decode the source file as UTF-8."
        ) from None
    return text


def char_spans_from_byte_spans(
    text: str, byte_starts: Sequence[int], byte_ends: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Turn token spans in UTF-8 bytes into spans in characters.

    A span that starts or ends inside a character widens to the whole character; an empty
    span (SentencePiece gives one to every byte-fallback piece but the last of a character)
    becomes the character that starts there. "é" is 2 bytes: byte span (0, 1) -> (0, 1).
    """
    if text.isascii():  # bytes are characters
        starts = list(byte_starts)
        ends = [e if e > s or s >= len(text) else s + 1 for s, e in zip(starts, byte_ends, strict=True)]
        return starts, ends
    char_starts, char_ends = char_spans_of_bytes(text.encode("utf-8"), len(text), byte_starts, byte_ends)
    return char_starts.tolist(), char_ends.tolist()


def char_spans_of_bytes(
    encoded: bytes,
    n_chars: int,
    byte_starts: Sequence[int] | np.ndarray,
    byte_ends: Sequence[int] | np.ndarray,
    char_of_byte: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """`char_spans_from_byte_spans` on a text's UTF-8 bytes, as arrays: corpus profiling maps
    millions of spans at once and would only turn lists back into arrays. `char_of_byte`
    (`char_of_byte_index(encoded, n_chars)`) may be passed when the same text is mapped often."""
    n_bytes = len(encoded)
    index = char_of_byte if char_of_byte is not None else char_of_byte_index(encoded, n_chars)
    b_starts = np.asarray(byte_starts, dtype=np.int64)
    b_ends = np.asarray(byte_ends, dtype=np.int64)
    starts = index[b_starts]
    last_byte = np.where(b_ends > b_starts, b_ends - 1, b_starts)
    ends = np.where(b_starts < n_bytes, index[np.minimum(last_byte, n_bytes)] + 1, n_chars)
    return starts, ends


def char_of_byte_index(encoded: bytes, n_chars: int) -> np.ndarray:
    """For each byte of UTF-8 `encoded`, the index of the character it belongs to; one extra
    entry, `n_chars`, for the end."""
    data = np.frombuffer(encoded, dtype=np.uint8)
    index = np.empty(len(data) + 1, dtype=np.int64)
    np.cumsum((data & 0xC0) != 0x80, out=index[:-1])
    index[:-1] -= 1
    index[-1] = n_chars
    return index
