"""Tokenizers from the raw bytes of their files, one function per file format.

Bundled assets and user uploads go through the same functions, so a file the user brings is
read exactly like a bundled one; only where the bytes come from differs.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping

from tokenlab.errors import TokenizerLoadError
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.hf_backend import HFTokenizer, parse_tokenizer_json
from tokenlab.tokenizers.sentencepiece_backend import SentencePieceTokenizer, parse_sentencepiece_model
from tokenlab.tokenizers.tiktoken_backend import TiktokenTokenizer, parse_ranks

GZIP_MAGIC = b"\x1f\x8b"


def from_tiktoken(info: TokenizerInfo, ranks_file: bytes, sidecar: Mapping[str, object], origin: str) -> Tokenizer:
    """A tiktoken rank file plus its sidecar ({"pat_str", "special_tokens", "id_offset"})."""
    pat_str = sidecar.get("pat_str")
    if not isinstance(pat_str, str):
        raise TokenizerLoadError(f"{origin}: the sidecar JSON has no 'pat_str' (the pre-tokenizer regex).")
    return TiktokenTokenizer(
        info,
        parse_ranks(ranks_file, origin),
        pat_str,
        special_tokens=sidecar.get("special_tokens") or {},
        id_offset=int(sidecar.get("id_offset") or 0),
        bos_token=sidecar.get("bos"),
    )


def from_tokenizer_json(info: TokenizerInfo, data: bytes, origin: str) -> Tokenizer:
    """A Hugging Face tokenizer.json, plain or gzip-compressed."""
    try:
        if data.startswith(GZIP_MAGIC):
            data = gzip.decompress(data)
        text = data.decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise TokenizerLoadError(f"{origin} is not a UTF-8 (or gzipped) tokenizer.json: {error}") from None
    return HFTokenizer(info, parse_tokenizer_json(text, origin))


def from_sentencepiece(info: TokenizerInfo, data: bytes, origin: str) -> Tokenizer:
    """A SentencePiece .model file (serialized ModelProto)."""
    return SentencePieceTokenizer(info, parse_sentencepiece_model(data, origin))


def read_sidecar(data: bytes, origin: str) -> dict[str, object]:
    """The JSON sidecar of a .tiktoken file."""
    try:
        sidecar = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TokenizerLoadError(f"{origin} is not valid JSON: {error}") from None
    if not isinstance(sidecar, dict):
        raise TokenizerLoadError(f"{origin} must hold a JSON object with 'pat_str'.")
    return sidecar
