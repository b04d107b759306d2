"""Result tables as files to keep: CSV and Parquet bytes, with what is needed to reproduce them.

`with_provenance` adds, per row, the sha256 of the tokenizer's bundled files (the same files
give the same counts) and the tokenlab version; a row of a baseline or unknown tokenizer gets
an empty hash.

    with_provenance(frame)  ->  ... | tokenizer_sha256 "llama3.tiktoken.gz=3a1f..." | tokenlab_version "0.1.0"
"""

from __future__ import annotations

import io

import polars as pl

from tokenlab import settings
from tokenlab.errors import UnknownTokenizerError
from tokenlab.tokenizers.registry import tokenizer_info


def tokenizer_sha256(tokenizer_id: str) -> str:
    """"file=sha256" of each bundled file of a tokenizer, ";"-joined; "" when not bundled."""
    try:
        info = tokenizer_info(tokenizer_id)
    except UnknownTokenizerError:
        return ""
    return ";".join(f"{name}={digest}" for name, digest in sorted(info.sha256.items()))


def with_provenance(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` plus tokenizer_sha256 (when it has a tokenizer column) and tokenlab_version."""
    if "tokenizer" in frame.columns:
        hashes = {t: tokenizer_sha256(t) for t in frame.get_column("tokenizer").unique().to_list()}
        frame = frame.with_columns(
            tokenizer_sha256=pl.col("tokenizer").replace_strict(hashes, return_dtype=pl.String))
    return frame.with_columns(tokenlab_version=pl.lit(settings.VERSION))


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """`frame` with provenance as UTF-8 CSV."""
    return with_provenance(frame).write_csv().encode("utf-8")


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    """`frame` with provenance as a Parquet file."""
    out = io.BytesIO()
    with_provenance(frame).write_parquet(out)
    return out.getvalue()
