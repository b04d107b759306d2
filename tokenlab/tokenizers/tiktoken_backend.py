"""tiktoken backend: OpenAI encodings, Whisper, Llama 3/4, Mistral Tekken and Qwen3.5.

A bundled encoding is a `.tiktoken` rank file ("<base64 token> <rank>" per line) plus a JSON
sidecar with the split pattern, the special tokens and an id offset (Tekken's public ids are
rank + 1000, its first 1000 ids being control tokens).

tiktoken's own loader copies local files into a cache directory, so ranks are parsed here.
Special tokens are kept out of the `tiktoken.Encoding`: `encode_ordinary` then treats text
such as "<|endoftext|>" as plain text, which is what a user's pasted text is.

Qwen3.5's ranks were bundled as a tokenizer.json; parsing it peaks at 4x what tiktoken keeps
for the same ranks. The sidecar carries what that file did beyond ranks and a pattern (see
`TiktokenTokenizer`), and tests check that ids, spans and kinds are the tokenizer.json's.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import accumulate

import tiktoken

from tokenlab.errors import TokenizerLoadError
from tokenlab.text.segment import TokenKind, char_spans_from_byte_spans, check_text
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.nfc import nfc, nfc_with_spans
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
    """A tiktoken `Encoding` with an id offset and special tokens kept on the side.

    Two options carry what a tokenizer.json converted to tiktoken does beyond its ranks and
    pattern: `matched_tokens` are added tokens found in text as the model sees them, not
    special (Qwen's <think>), and `normalizer` "NFC" normalizes text first, as Qwen3.5's
    tokenizer.json does, with spans leading back to the original characters (tokenlab.tokenizers.nfc).
    """

    def __init__(
        self,
        info: TokenizerInfo,
        ranks: dict[bytes, int],
        pat_str: str,
        special_tokens: Mapping[str, int] | None = None,
        id_offset: int = 0,
        bos_token: str | None = None,
        *,
        matched_tokens: Mapping[str, int] | None = None,
        normalizer: str | None = None,
    ) -> None:
        super().__init__(info)
        if normalizer not in (None, "NFC"):
            raise TokenizerLoadError(f"{info.id}: unknown normalizer {normalizer!r}; tiktoken files support only NFC.")
        matched = {text: token_id - id_offset for text, token_id in (matched_tokens or {}).items()}
        try:
            self._encoding = tiktoken.Encoding(info.id, pat_str=pat_str, mergeable_ranks=ranks, special_tokens=matched)
        except ValueError as error:
            raise TokenizerLoadError(f"{info.id}: tiktoken rejected the rank file or pattern: {error}") from None
        # The Rust core holds its own copies of the ranks; tiktoken keeps the Python dict only to
        # pickle the Encoding (tokenlab never does). Dropping it saves 15-28 MB per 100K-200K vocabulary.
        self._encoding._mergeable_ranks = {}
        self._pat_str = pat_str
        self._special_bytes = {token_id: text.encode("utf-8") for text, token_id in (special_tokens or {}).items()}
        self._matched_bytes = {rank + id_offset: text.encode("utf-8") for text, rank in matched.items()}
        self._offset = id_offset
        self._bos_id = (special_tokens or {}).get(bos_token) if bos_token else None
        self._nfc = normalizer == "NFC"
        self.lossless = not self._nfc
        # Matched tokens split the text before the pattern does, as tiktoken's allowed specials.
        self._encode_text: Callable[[str], list[int]] = (
            partial(self._encoding.encode, allowed_special=frozenset(matched), disallowed_special=())
            if matched
            else self._encoding.encode_ordinary
        )

    algorithm = "byte-level BPE"
    #: Byte-level BPE over the raw UTF-8 decodes to the text itself, unless a normalizer runs first.
    lossless = True

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

    def _ranks(self, text: str) -> list[int]:
        return self._encode_text(nfc(text) if self._nfc else text)

    def _encode(self, text: str) -> list[int]:
        ranks = self._ranks(text)
        offset = self._offset
        return [rank + offset for rank in ranks] if offset else ranks

    def encode_batch(self, texts: Iterable[str]) -> list[list[int]]:
        batch = map_chunked(self._ranks, [check_text(text) for text in texts])
        offset = self._offset
        return [[rank + offset for rank in ranks] for ranks in batch] if offset else batch

    def decode(self, ids: Sequence[int]) -> str:
        return b"".join(map(self.token_bytes, ids)).decode("utf-8", errors="replace")

    def _segment_columns(self, text: str) -> tuple[list[int], list[int], list[int], list[bytes]]:
        normalized = nfc_with_spans(text) if self._nfc else None
        encoded = text if normalized is None else normalized[0]
        ranks = self._encode_text(encoded)
        raw = self._encoding.decode_tokens_bytes(ranks)
        byte_ends = list(accumulate(map(len, raw)))
        byte_starts = [0, *byte_ends[:-1]] if byte_ends else []
        starts, ends = char_spans_from_byte_spans(encoded, byte_starts, byte_ends)
        if normalized is not None:  # from normalized characters to the original ones
            _, original_starts, original_ends = normalized
            starts = [original_starts[start] for start in starts]
            ends = [original_ends[end - 1] for end in ends]
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
        """Every rank of the Rust core (matched tokens included), special tokens on top (as
        `_lookup_bytes` checks them first)."""
        offset, special = self._offset, self._special_bytes
        ranks = [rank for rank in range(self._encoding.n_vocab) if rank + offset not in special]
        try:  # one call when every other id below the largest is a rank: 10x the per-token lookup
            pieces = dict(
                zip((rank + offset for rank in ranks), self._encoding.decode_tokens_bytes(ranks), strict=True)
            )
        except KeyError:  # a rank file with gaps
            rank_of = self._encoding.encode_single_token
            pieces = {rank_of(token) + offset: token for token in self._encoding.token_byte_values()}
        return pieces | self._matched_bytes | special

    def _vocab_ids(self) -> Iterable[int]:
        return self.vocab().keys()

    def _build_kinds(self) -> dict[int, TokenKind]:
        return dict.fromkeys(self._special_bytes, TokenKind.SPECIAL)
