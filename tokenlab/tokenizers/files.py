"""Tokenizers the user brings: a tokenizer.json, a .tiktoken rank file or a SentencePiece model.

The format is recognised from the content, not the file name: Llama 3's `tokenizer.model` is
a tiktoken rank file despite its SentencePiece-like name. A rank file carries no split
pattern; when it is byte-identical to a bundled one, that tokenizer's pattern is used,
otherwise the caller's `pat_str`, otherwise cl100k_base's (and the tokenizer's notes say so).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from itertools import chain
from pathlib import Path

from tokenlab import settings
from tokenlab.errors import TokenizerLoadError, foreign_errors
from tokenlab.tokenizers.base import Tokenizer, TokenizerInfo
from tokenlab.tokenizers.formats import (
    GZIP_MAGIC,
    from_sentencepiece,
    from_tiktoken,
    from_tokenizer_json,
    read_sidecar,
)
from tokenlab.tokenizers.registry import list_tokenizers, load_tokenizer
from tokenlab.tokenizers.tiktoken_backend import TiktokenTokenizer

_RANK_LINE = re.compile(rb"[A-Za-z0-9+/]+={0,2} \d+\r?\n")
_FALLBACK_PATTERN_FROM = "cl100k_base"
_FORMATS = (
    "Upload a Hugging Face tokenizer.json (or .json.gz), a tiktoken rank file (.tiktoken) or a SentencePiece .model."
)


def load_tokenizer_file(path: str | Path, *, pat_str: str | None = None) -> Tokenizer:
    """A tokenizer from a file on disk; a .tiktoken file's sibling `<stem>.json` sidecar is used."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise TokenizerLoadError(f"Cannot read {path}: {getattr(error, 'strerror', None) or error}.") from None
    _check_size(size, path.name)
    sidecar_path = path.with_suffix(".json")
    sidecar = None
    if pat_str is None and path.suffix != ".json" and sidecar_path.is_file():
        sidecar = read_sidecar(sidecar_path.read_bytes(), sidecar_path.name)
    return load_tokenizer_bytes(path.read_bytes(), path.name, pat_str=pat_str, sidecar=sidecar)


def load_tokenizer_bytes(
    data: bytes, filename: str, *, pat_str: str | None = None, sidecar: dict[str, object] | None = None
) -> Tokenizer:
    """A tokenizer from the bytes of an uploaded file (`filename` is only a label)."""
    label = Path(filename.replace("\\", "/")).name or "upload"
    _check_size(len(data), label)
    if not data.strip():
        raise TokenizerLoadError(f"{label} is empty.")
    info = TokenizerInfo(id=f"file:{label}", name=label, family="your file", algorithm="", vocab_size=0)
    notes = ""
    # Every library error on a broken file (zlib, protobuf, serde, a Rust panic) becomes a message
    # here, at load: reading the whole vocabulary and the BOS/EOS pieces now means a piece that is
    # not UTF-8 fails here, not later in a page.
    with foreign_errors(TokenizerLoadError, f"{label} could not be read as a tokenizer", _FORMATS):
        if data.startswith(GZIP_MAGIC) or data.lstrip()[:1] == b"{":
            tokenizer = from_tokenizer_json(info, data, label)
        elif _RANK_LINE.match(data):
            sidecar = _tiktoken_sidecar(data, pat_str, sidecar)
            notes = str(sidecar.get("notes", ""))
            tokenizer = from_tiktoken(info, data, sidecar, label)
        else:
            try:
                tokenizer = from_sentencepiece(info, data, label, sidecar)
            except TokenizerLoadError:
                raise TokenizerLoadError(f"{label} is not a tokenizer file tokenlab can read. {_FORMATS}") from None
        tokenizer.info = replace(info, algorithm=tokenizer.algorithm, vocab_size=len(tokenizer.vocab()), notes=notes)
        for token_id in chain.from_iterable(tokenizer.format_tokens):
            tokenizer.token_bytes(token_id)
    return tokenizer


def _check_size(size: int, label: str) -> None:
    if size > settings.MAX_TOKENIZER_FILE_BYTES:
        raise TokenizerLoadError(
            f"{label} is {size / 1e6:.0f} MB; tokenizer files up to "
            f"{settings.MAX_TOKENIZER_FILE_BYTES / 1e6:.0f} MB are accepted."
        )


def _tiktoken_sidecar(data: bytes, pat_str: str | None, sidecar: dict[str, object] | None) -> dict[str, object]:
    if pat_str is not None:
        return {"pat_str": pat_str}
    if sidecar is not None:
        return sidecar
    digest = hashlib.sha256(data).hexdigest()
    for info in list_tokenizers():
        if info.loader == "tiktoken" and info.sha256.get(info.files[0]) == digest:
            bundled = _bundled_tiktoken(info.id)
            return {
                "pat_str": bundled.pat_str,
                "id_offset": bundled.id_offset,
                "notes": f"Same ranks as the bundled {info.id}; its split pattern is used.",
            }
    fallback = _bundled_tiktoken(_FALLBACK_PATTERN_FROM)
    return {
        "pat_str": fallback.pat_str,
        "notes": "A .tiktoken file has no split pattern; cl100k_base's is assumed. Pass pat_str to change it.",
    }


def _bundled_tiktoken(tokenizer_id: str) -> TiktokenTokenizer:
    tokenizer = load_tokenizer(tokenizer_id)
    if not isinstance(tokenizer, TiktokenTokenizer):
        raise TypeError(f"the catalogue lists {tokenizer_id} as a tiktoken tokenizer, but it loads as {tokenizer!r}")
    return tokenizer
