"""The raw libraries, used directly: the oracle that tests and benchmarks compare tokenlab with.

Each bundled file is loaded with its library's documented entry point (tiktoken.load's
load_tiktoken_bpe with every special token registered and `disallowed_special=()`,
tokenizers' Tokenizer.from_str, SentencePieceProcessor(model_file=...)), independently of
tokenlab's own loaders. A tokenizer converted at build time (Gemma's SentencePiece models) is
compared with the file it was converted from (the manifest's "converted_from"), whose ids the
conversion must keep.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

import sentencepiece as spm
import tiktoken
import tiktoken.load
from tokenizers import Tokenizer as HFTokenizer

import tokenlab
from tokenlab import settings

#: A tiktoken sidecar's normalizer, applied to the text first (Qwen3.5's is NFC).
NORMALIZERS: dict[str | None, Callable[[str], str]] = {
    None: lambda text: text,
    "NFC": partial(unicodedata.normalize, "NFC"),
}


@cache
def reference_encoder(tokenizer_id: str) -> Callable[[str], list[int]]:
    """An encoder for `tokenizer_id` built by the raw library from the bundled file."""
    info = tokenlab.tokenizer_info(tokenizer_id)
    path = settings.TOKENIZER_DIR / info.files[0]
    if (original := converted_from(tokenizer_id)) is not None:
        return _tokenizer_json_encoder(settings.TOKENIZER_DIR / original)
    if info.loader == "tiktoken":
        sidecar = json.loads((settings.TOKENIZER_DIR / info.files[1]).read_text(encoding="utf-8"))
        encoding = tiktoken.Encoding(
            tokenizer_id,
            pat_str=sidecar["pat_str"],
            mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(path)),
            special_tokens={
                token: token_id - sidecar["id_offset"]
                for token, token_id in sidecar.get("special_tokens", {}).items()
                if token_id >= sidecar["id_offset"]
            },
        )
        offset = sidecar["id_offset"]
        matched = {token: token_id - offset for token, token_id in sidecar.get("matched_tokens", {}).items()}
        if matched:  # added tokens matched in text (Qwen3.5's <think>): tiktoken's allowed specials
            encoding = tiktoken.Encoding(
                tokenizer_id,
                pat_str=sidecar["pat_str"],
                mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(path)),
                special_tokens=matched,
            )
        normalize = NORMALIZERS[sidecar.get("normalizer")]
        return lambda text: [
            rank + sidecar["id_offset"]
            for rank in encoding.encode(normalize(text), allowed_special=set(matched), disallowed_special=())
        ]
    if info.loader == "hf-tokenizers":
        return _tokenizer_json_encoder(path)
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return processor.encode


def converted_from(tokenizer_id: str) -> str | None:
    """The bundled file (relative to data/tokenizers/) a tokenizer was converted from, if any."""
    manifest = json.loads(settings.TOKENIZER_MANIFEST.read_text(encoding="utf-8"))
    entry = next(entry for entry in manifest["tokenizers"] if entry["id"] == tokenizer_id)
    return entry["converted_from"]["file"] if "converted_from" in entry else None


def _tokenizer_json_encoder(path: Path) -> Callable[[str], list[int]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    model = HFTokenizer.from_str(raw.decode("utf-8"))
    model.encode_special_tokens = True
    return lambda text: model.encode(text, add_special_tokens=False).ids


@cache
def reference_decoder(tokenizer_id: str) -> Callable[[list[int]], str]:
    """A decoder for `tokenizer_id` built by the raw library from the bundled file (for a
    converted tokenizer, the file it was converted from), keeping special tokens' text."""
    info = tokenlab.tokenizer_info(tokenizer_id)
    path = settings.TOKENIZER_DIR / info.files[0]
    if (original := converted_from(tokenizer_id)) is not None or info.loader == "hf-tokenizers":
        source = settings.TOKENIZER_DIR / original if original is not None else path
        raw = gzip.decompress(source.read_bytes()) if source.suffix == ".gz" else source.read_bytes()
        model = HFTokenizer.from_str(raw.decode("utf-8"))
        return lambda ids: model.decode(ids, skip_special_tokens=False)
    if info.loader == "tiktoken":
        sidecar = json.loads((settings.TOKENIZER_DIR / info.files[1]).read_text(encoding="utf-8"))
        offset = sidecar["id_offset"]
        specials = {token_id: token.encode("utf-8") for token, token_id in sidecar.get("special_tokens", {}).items()}
        specials |= {token_id: token.encode("utf-8") for token, token_id in sidecar.get("matched_tokens", {}).items()}
        encoding = tiktoken.Encoding(
            tokenizer_id,
            pat_str=sidecar["pat_str"],
            mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(path)),
            special_tokens={},
        )
        return lambda ids: b"".join(
            specials[i] if i in specials else encoding.decode_single_token_bytes(i - offset) for i in ids
        ).decode("utf-8", errors="replace")
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return lambda ids: processor.decode(ids)
