"""Result tables as files to keep: CSV and Parquet bytes, with what is needed to reproduce them.

`with_provenance` adds, per row, the sha256 of the tokenizer's bundled files (the same files
give the same counts; for a tokenizer from elsewhere, a Hub tokenizer's, the caller passes its
`TokenizerInfo`) and the tokenlab version; a row of a baseline or unknown tokenizer gets an
empty hash.

    with_provenance(frame)  ->  ... | tokenizer_sha256 "llama3.tiktoken.gz=3a1f..." | tokenlab_version "0.1.0"
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import polars as pl

from tokenlab import settings
from tokenlab.errors import UnknownTokenizerError
from tokenlab.tokenizers.base import TokenizerInfo
from tokenlab.tokenizers.registry import tokenizer_info


def tokenizer_sha256(tokenizer_id: str, others: Mapping[str, TokenizerInfo] | None = None) -> str:
    """ "file=sha256" of each file of a tokenizer, ";"-joined: a bundled one's, or one of
    `others` (tokenizers not in the catalogue, by id); "" for any other id."""
    info = (others or {}).get(tokenizer_id)
    if info is None:
        try:
            info = tokenizer_info(tokenizer_id)
        except UnknownTokenizerError:
            return ""
    return ";".join(f"{name}={digest}" for name, digest in sorted(info.sha256.items()))


def with_provenance(frame: pl.DataFrame, others: Mapping[str, TokenizerInfo] | None = None) -> pl.DataFrame:
    """`frame` plus tokenizer_sha256 (when it has a tokenizer column) and tokenlab_version;
    `others` describes tokenizers the catalogue does not hold."""
    if "tokenizer" in frame.columns:
        hashes = {t: tokenizer_sha256(t, others) for t in frame.get_column("tokenizer").unique().to_list()}
        frame = frame.with_columns(tokenizer_sha256=pl.col("tokenizer").replace_strict(hashes, return_dtype=pl.String))
    return frame.with_columns(tokenlab_version=pl.lit(settings.VERSION))


def csv_bytes(frame: pl.DataFrame, others: Mapping[str, TokenizerInfo] | None = None) -> bytes:
    """`frame` with provenance as UTF-8 CSV."""
    return with_provenance(frame, others).write_csv().encode("utf-8")


def parquet_bytes(frame: pl.DataFrame, others: Mapping[str, TokenizerInfo] | None = None) -> bytes:
    """`frame` with provenance as a Parquet file."""
    out = io.BytesIO()
    with_provenance(frame, others).write_parquet(out)
    return out.getvalue()
