"""Tokenizers from the raw bytes of their files, one function per file format.

Bundled assets and user uploads go through the same functions, so a file the user brings is
read exactly like a bundled one; only where the bytes come from differs.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping

import sentencepiece as spm

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.hf_backend import HFTokenizer, parse_tokenizer_json
from tokenlab.tokenizers.sentencepiece_backend import (
    MetaspaceUnigramTokenizer,
    SentencePieceTokenizer,
    parse_sentencepiece_model,
)
from tokenlab.tokenizers.tiktoken_backend import TiktokenTokenizer, parse_ranks

GZIP_MAGIC = b"\x1f\x8b"


def from_tiktoken(info: TokenizerInfo, ranks_file: bytes, sidecar: Mapping[str, object], origin: str) -> Tokenizer:
    """A tiktoken rank file plus its sidecar: {"pat_str", "special_tokens", "id_offset", "bos"},
    and for ranks that were bundled as a tokenizer.json {"matched_tokens", "normalizer"} (Qwen3.5's:
    see `TiktokenTokenizer`)."""
    pat_str = sidecar.get("pat_str")
    if not isinstance(pat_str, str):
        raise TokenizerLoadError(f"{origin}: the sidecar JSON has no 'pat_str' (the pre-tokenizer regex).")
    special_tokens, matched_tokens = (_token_map(sidecar, key, origin) for key in ("special_tokens", "matched_tokens"))
    id_offset = sidecar.get("id_offset") or 0
    bos_token = sidecar.get("bos")
    if type(id_offset) is not int or not (bos_token is None or isinstance(bos_token, str)):
        raise TokenizerLoadError(f"{origin}: the sidecar's 'id_offset' must be an integer and 'bos' a token's text.")
    normalizer = sidecar.get("normalizer")
    if not (normalizer is None or isinstance(normalizer, str)):
        raise TokenizerLoadError(f"{origin}: the sidecar's 'normalizer' must be a name such as \"NFC\".")
    return TiktokenTokenizer(
        info,
        parse_ranks(ranks_file, origin),
        pat_str,
        special_tokens=special_tokens,
        id_offset=id_offset,
        bos_token=bos_token,
        matched_tokens=matched_tokens,
        normalizer=normalizer,
    )


def _token_map(sidecar: Mapping[str, object], key: str, origin: str) -> dict[str, int]:
    """A sidecar's {token text: id} entry, checked."""
    tokens = sidecar.get(key) or {}
    if not isinstance(tokens, dict) or not all(
        isinstance(text, str) and type(token_id) is int for text, token_id in tokens.items()
    ):
        raise TokenizerLoadError(f"{origin}: the sidecar's {key!r} must map token text to an integer id.")
    return tokens


def gunzip_bounded(data: bytes, limit: int, origin: str) -> bytes:
    """`data` decompressed, refused as soon as it passes `limit` bytes: a 1 MB gzip file can
    inflate to 1 GB, so the size that counts is the decompressed one, checked while inflating."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip header and trailer
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as error:
        raise TokenizerLoadError(f"{origin} is not a valid gzip file ({error}).") from None
    if len(out) > limit:
        raise TokenizerLoadError(
            f"{origin} decompresses to more than {limit / 1e6:.0f} MB; tokenizer files up to that size are "
            "accepted. Upload a smaller tokenizer."
        )
    if not inflater.eof:
        raise TokenizerLoadError(f"{origin} is a truncated gzip file. Upload the whole file.")
    return out


def from_tokenizer_json(info: TokenizerInfo, data: bytes, origin: str) -> Tokenizer:
    """A Hugging Face tokenizer.json, plain or gzip-compressed."""
    if data.startswith(GZIP_MAGIC):
        data = gunzip_bounded(data, settings.MAX_TOKENIZER_FILE_BYTES, origin)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TokenizerLoadError(f"{origin} is not a UTF-8 (or gzipped) tokenizer.json: {error}") from None
    return HFTokenizer(info, parse_tokenizer_json(text, origin))


def from_sentencepiece(
    info: TokenizerInfo, data: bytes, origin: str, sidecar: Mapping[str, object] | None = None
) -> Tokenizer:
    """A SentencePiece .model file (serialized ModelProto), plain or gzip-compressed (as bundled
    Gemma models are), and for a model converted from a tokenizer.json its sidecar:
    {"tokens_before_normalizer", "n_vocab"} (see `SentencePieceTokenizer`)."""
    if data.startswith(GZIP_MAGIC):
        data = gunzip_bounded(data, settings.MAX_TOKENIZER_FILE_BYTES, origin)
    sidecar = sidecar or {}
    before = sidecar.get("tokens_before_normalizer") or []
    if not isinstance(before, list) or not all(isinstance(token, str) and token for token in before):
        raise TokenizerLoadError(f"{origin}: the sidecar's 'tokens_before_normalizer' must be a list of tokens.")
    vocab_size = sidecar.get("n_vocab")
    if not (vocab_size is None or type(vocab_size) is int):
        raise TokenizerLoadError(f"{origin}: the sidecar's 'n_vocab' must be an integer.")
    processor = parse_sentencepiece_model(data, origin)
    if vocab_size is not None and not 0 < vocab_size <= processor.get_piece_size():
        raise TokenizerLoadError(f"{origin}: the sidecar's 'n_vocab' is not between 1 and the model's piece count.")
    if sidecar.get("whitespace") == "metaspace" and vocab_size is not None:
        return _metaspace_unigram(info, processor, sidecar, vocab_size, origin)
    if "whitespace" in sidecar:
        raise TokenizerLoadError(f"{origin}: the sidecar's 'whitespace' can only be 'metaspace', with 'n_vocab'.")
    return SentencePieceTokenizer(
        info, processor, tokens_before_normalizer=before, vocab_size=vocab_size, specials_as_text=bool(sidecar)
    )


def _metaspace_unigram(
    info: TokenizerInfo,
    processor: spm.SentencePieceProcessor,
    sidecar: Mapping[str, object],
    vocab_size: int,
    origin: str,
) -> Tokenizer:
    """A Unigram tokenizer.json converted to a model, with what its sidecar says the json does
    around it: {"whitespace": "metaspace", "unknown_id", "special_ids", "empty_ids",
    "format_tokens"} (see `MetaspaceUnigramTokenizer`)."""

    def ids(value: object, what: str) -> list[int]:
        if not isinstance(value, list) or not all(type(i) is int and 0 <= i < vocab_size for i in value):
            raise TokenizerLoadError(f"{origin}: the sidecar's {what} must be a list of ids below 'n_vocab'.")
        return value

    frame = sidecar.get("format_tokens")
    if not isinstance(frame, list) or len(frame) != 2:
        raise TokenizerLoadError(f"{origin}: the sidecar's 'format_tokens' must be [ids before, ids after].")
    unknown = sidecar.get("unknown_id")
    if type(unknown) is not int or not 0 <= unknown < vocab_size:
        raise TokenizerLoadError(f"{origin}: the sidecar's 'unknown_id' must be an id below 'n_vocab'.")
    return MetaspaceUnigramTokenizer(
        info,
        processor,
        vocab_size=vocab_size,
        unknown_id=unknown,
        special_ids=ids(sidecar.get("special_ids"), "'special_ids'"),
        empty_ids=ids(sidecar.get("empty_ids"), "'empty_ids'"),
        format_tokens=(ids(frame[0], "'format_tokens'"), ids(frame[1], "'format_tokens'")),
    )


def read_sidecar(data: bytes, origin: str) -> dict[str, object]:
    """The JSON sidecar of a .tiktoken file or of a converted SentencePiece model."""
    try:
        sidecar = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TokenizerLoadError(f"{origin} is not valid JSON: {error}") from None
    if not isinstance(sidecar, dict):
        raise TokenizerLoadError(f"{origin} must hold a JSON object (a sidecar with the tokenizer's settings).")
    return sidecar
