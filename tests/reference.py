"""The raw libraries, used directly: the oracle that tests and benchmarks compare tokenlab with.

Each bundled file is loaded with its library's documented entry point (tiktoken.load's
load_tiktoken_bpe with every special token registered and `disallowed_special=()`,
tokenizers' Tokenizer.from_str, SentencePieceProcessor(model_file=...)), independently of
tokenlab's own loaders.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from functools import cache

import sentencepiece as spm
import tiktoken
import tiktoken.load
from tokenizers import Tokenizer as HFTokenizer

import tokenlab
from tokenlab import settings


@cache
def reference_encoder(tokenizer_id: str) -> Callable[[str], list[int]]:
    """An encoder for `tokenizer_id` built by the raw library from the bundled file."""
    info = tokenlab.tokenizer_info(tokenizer_id)
    path = settings.TOKENIZER_DIR / info.files[0]
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
        return lambda text: [rank + sidecar["id_offset"] for rank in encoding.encode(text, disallowed_special=())]
    if info.loader == "hf-tokenizers":
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        model = HFTokenizer.from_str(raw.decode("utf-8"))
        model.encode_special_tokens = True
        return lambda text: model.encode(text, add_special_tokens=False).ids
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return processor.encode
