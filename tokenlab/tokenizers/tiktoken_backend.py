"""tiktoken backend: OpenAI encodings, Whisper, Llama 3/4 and Mistral Tekken.

A bundled encoding is a `.tiktoken` rank file ("<base64 token> <rank>" per line) plus a JSON
sidecar with the split pattern, the special tokens and an id offset (Tekken's public ids are
rank + 1000, its first 1000 ids being control tokens).

tiktoken's own loader copies local files into a cache directory, so ranks are parsed here.
Special tokens are kept out of the `tiktoken.Encoding`: `encode_ordinary` then treats text
such as "<|endoftext|>" as plain text, which is what a user's pasted text is.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping, Sequence
from itertools import accumulate

import tiktoken

from tokenlab.errors import TokenizerLoadError
from tokenlab.segment import TokenKind, char_spans_from_byte_spans, check_text
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.parallel import map_chunked


def parse_ranks(data: bytes, origin: str) -> dict[bytes, int]:
    """Parse a .tiktoken rank file: b"SGVsbG8= 9906\\n" -> {b"Hello": 9906}."""
    ranks: dict[bytes, int] = {}
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)  # like tiktoken: Whisper has a token "="
        except (ValueError, binascii.Error):
            raise TokenizerLoadError(
                f"{origin} is not a tiktoken rank file: line {number} is not '<base64 token> <rank>'."
            ) from None
    if not ranks:
        raise TokenizerLoadError(f"{origin} holds no tokens; is it the right file?")
    # tiktoken's Rust core panics (not a Python error) on text whose bytes have no rank, and
    # rejects negative, huge or repeated ranks with a bare error: say so before building it.
    if len(set(ranks.values())) != len(ranks) or not 0 <= min(ranks.values()) <= max(ranks.values()) < 2**32:
        raise TokenizerLoadError(f"{origin} is not a tiktoken rank file: ranks must be distinct integers from 0.")
    if missing := [byte for byte in range(256) if bytes([byte]) not in ranks]:
        raise TokenizerLoadError(
            f"{origin} is not a complete byte-level rank file: {len(missing)} of the 256 single bytes have "
            f"no rank (the first is 0x{missing[0]:02X}), so some text could not be encoded."
        )
    return ranks


class TiktokenTokenizer(Tokenizer):
    """A tiktoken `Encoding` with an id offset and special tokens kept on the side."""

    def __init__(
        self,
        info: TokenizerInfo,
        ranks: dict[bytes, int],
        pat_str: str,
        special_tokens: Mapping[str, int] | None = None,
        id_offset: int = 0,
        bos_token: str | None = None,
    ) -> None:
        super().__init__(info)
        try:
            self._encoding = tiktoken.Encoding(info.id, pat_str=pat_str, mergeable_ranks=ranks, special_tokens={})
        except ValueError as error:
            raise TokenizerLoadError(f"{info.id}: tiktoken rejected the rank file or pattern: {error}") from None
        # The Rust core holds its own copies of the ranks; tiktoken keeps the Python dict only to
        # pickle the Encoding (tokenlab never does). Dropping it saves 15-28 MB per 100K-200K vocabulary.
        self._encoding._mergeable_ranks = None
        self._pat_str = pat_str
        self._special_bytes = {token_id: text.encode("utf-8") for text, token_id in (special_tokens or {}).items()}
        self._offset = id_offset
        self._bos_id = (special_tokens or {}).get(bos_token) if bos_token else None

    algorithm = "byte-level BPE"
    lossless = True  # byte-level BPE over the raw UTF-8, no normalizer: decoding gives the text back

    @property
    def pat_str(self) -> str:
        """The pre-tokenizer regex that splits text before merges."""
        return self._pat_str

    @property
    def id_offset(self) -> int:
        return self._offset

    @property
    def format_tokens(self) -> tuple[list[int], list[int]]:
        # Llama 3/4 and Tekken prompts start with BOS; OpenAI encodings add nothing.
        return ([self._bos_id] if self._bos_id is not None else []), []

    def _encode(self, text: str) -> list[int]:
        ranks = self._encoding.encode_ordinary(text)
        offset = self._offset
        return [rank + offset for rank in ranks] if offset else ranks

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        batch = map_chunked(self._encoding.encode_ordinary, [check_text(text) for text in texts])
        offset = self._offset
        return [[rank + offset for rank in ranks] for ranks in batch] if offset else batch

    def decode(self, ids: Sequence[int]) -> str:
        return b"".join(map(self.token_bytes, ids)).decode("utf-8", errors="replace")

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        ranks = self._encoding.encode_ordinary(text)
        raw = self._encoding.decode_tokens_bytes(ranks)
        byte_ends = list(accumulate(map(len, raw)))
        byte_starts = [0, *byte_ends[:-1]] if byte_ends else []
        starts, ends = char_spans_from_byte_spans(text, byte_starts, byte_ends)
        offset = self._offset
        ids = [rank + offset for rank in ranks] if offset else ranks
        return ids, starts, ends, raw

    def _lookup_bytes(self, token_id: int) -> bytes:
        special = self._special_bytes.get(token_id)
        if special is not None:
            return special
        try:
            return self._encoding.decode_single_token_bytes(token_id - self._offset)
        except (KeyError, OverflowError, ValueError):
            raise self._missing(token_id) from None

    def vocab(self) -> dict[int, bytes]:
        """Every rank of the Rust core, special tokens on top (as `_lookup_bytes` checks them first)."""
        offset, size = self._offset, self._encoding.n_vocab
        try:  # one call when the ranks are 0..n-1, as in every bundled file: 10x the per-token lookup
            pieces = dict(zip(range(offset, offset + size), self._encoding.decode_tokens_bytes(list(range(size)))))
        except KeyError:  # a user's rank file with gaps
            rank_of = self._encoding.encode_single_token
            pieces = {rank_of(token) + offset: token for token in self._encoding.token_byte_values()}
        return pieces | self._special_bytes

    def _vocab_ids(self) -> Iterable[int]:
        return self.vocab().keys()

    def _build_kinds(self) -> dict[int, TokenKind]:
        return dict.fromkeys(self._special_bytes, TokenKind.SPECIAL)
