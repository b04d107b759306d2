"""The results of a profiling run on disk: Parquet that any engine writes and DuckDB reads.

A results directory holds one file per (tokenizer, input shard), so a run over thousands of
shards can stop and resume, and a run made on a cluster opens in the app like a local one:

    DIR/_run.json                          the corpus and columns of the run (a re-run must match)
    DIR/counts/<tokenizer>/<shard>.parquet RESULT_SCHEMA: one row per document
    DIR/usage/<tokenizer>/<shard>.parquet  USAGE_SCHEMA: how often each token id occurs, per group
    DIR/skipped/<shard>.parquet            SKIPPED_SCHEMA: records not counted, with their id and why

A document is identified by (group_name, doc_id): its id column's value or `<shard>:<row>`.
Documents with the same doc_id in different groups are the same unit of a parallel text (an
article in two languages): that is what parity compares. Every file is written under a
temporary name and renamed, and a shard's counts file is written last, so a counts file that
exists is a finished (tokenizer, shard). Its Parquet metadata holds a stamp, the shard's size
and modification time and the tokenizer's cache key when it was counted: a re-run skips the
pair only when the stamp still matches, so an edited shard or a changed tokenizer is counted
again.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tokenlab.engine.doc_counts import COUNT_COLUMNS
from tokenlab.errors import TokenlabError

RESULT_SCHEMA = pa.schema(
    [
        ("tokenizer_id", pa.string()),
        ("tokenizer_key", pa.string()),
        ("vocab_size", pa.int64()),
        ("doc_id", pa.string()),
        ("group_name", pa.string()),
        ("unit", pa.string()),
        ("characters", pa.int64()),
        ("bytes", pa.int64()),
        ("words", pa.int64()),
        *((name, pa.int64()) for name in COUNT_COLUMNS),
    ]
)
USAGE_SCHEMA = pa.schema(
    [("tokenizer_key", pa.string()), ("group_name", pa.string()), ("token_id", pa.int64()), ("count", pa.int64())]
)
SKIPPED_SCHEMA = pa.schema([("shard", pa.string()), ("doc_id", pa.string()), ("reason", pa.string())])
RUN_FILE = "_run.json"
FORMAT_VERSION = 1
STAMP_KEY = b"tokenlab.stamp"


class ResultsError(TokenlabError, ValueError):
    """Results that cannot be written or opened: another run's directory, a file of another shape."""


def as_table(frame: pl.DataFrame, schema: pa.Schema) -> pa.Table:
    """`frame`'s columns of `schema`, in its order and types: what every results file holds."""
    return frame.select(schema.names).to_arrow().cast(schema)


def write_atomically(table: pa.Table, path: Path) -> None:
    """Write `table` to `path` so that `path` either does not exist or is complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")  # never matches *.parquet
    try:
        pq.write_table(table, temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _file_name(shard: str) -> str:
    """A shard's path as one file name: 'en/part-1.jsonl' -> 'en__part-1.jsonl.parquet'."""
    flat = shard.replace("/", "__")
    return flat if flat.endswith(".parquet") else f"{flat}.parquet"


@dataclass(frozen=True)
class ResultsDir:
    """Where a run's files go."""

    root: Path

    def counts_file(self, tokenizer_id: str, shard: str) -> Path:
        return self.root / "counts" / tokenizer_id / _file_name(shard)

    def usage_file(self, tokenizer_id: str, shard: str) -> Path:
        return self.root / "usage" / tokenizer_id / _file_name(shard)

    def skipped_file(self, shard: str) -> Path:
        return self.root / "skipped" / _file_name(shard)

    def is_done(self, tokenizer_id: str, shard: str, stamp: str) -> bool:
        """Has this (tokenizer, shard) been counted, with the `stamp` (see `stamp_of`) it has now?"""
        path = self.counts_file(tokenizer_id, shard)
        if not path.is_file():
            return False
        try:
            metadata = pq.read_schema(path).metadata or {}
        except (OSError, pa.ArrowException):  # a damaged file is counted again
            return False
        return metadata.get(STAMP_KEY) == stamp.encode("utf-8")

    def claim(self, run: dict[str, object]) -> None:
        """Record what this run counts, or refuse a directory that holds a different run's results
        (skipping its shards would mix two corpora or two text columns)."""
        marker = self.root / RUN_FILE
        wanted = {"format": FORMAT_VERSION, **run}
        if marker.is_file() and any(self.root.glob("counts/*/*.parquet")):  # a run that wrote nothing binds nothing
            found = json.loads(marker.read_text(encoding="utf-8"))
            if found != wanted:
                differences = ", ".join(
                    f"{key} {found.get(key)!r} there, {value!r} now"
                    for key, value in wanted.items()
                    if found.get(key) != value
                )
                raise ResultsError(
                    f"{self.root} holds the results of another run ({differences}). "
                    "Write to a new directory, or delete this one to start again."
                )
            return
        self.root.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")

    def write_skipped(self, shard: str, skipped: pl.DataFrame) -> None:
        write_atomically(as_table(skipped, SKIPPED_SCHEMA), self.skipped_file(shard))

    def write_usage(self, tokenizer_id: str, name: str, usage: pl.DataFrame) -> None:
        write_atomically(as_table(usage, USAGE_SCHEMA), self.usage_file(tokenizer_id, name))

    def write_counts(self, tokenizer_id: str, shard: str, documents: pl.DataFrame, stamp: str | None = None) -> None:
        """The (tokenizer, shard)'s per-document counts: write its usage and skipped records first."""
        table = as_table(documents, RESULT_SCHEMA)
        if stamp is not None:
            table = table.replace_schema_metadata({STAMP_KEY: stamp.encode("utf-8")})
        write_atomically(table, self.counts_file(tokenizer_id, shard))

    def write_shard(
        self,
        shard: str,
        skipped: pl.DataFrame,
        counts: dict[str, tuple[pl.DataFrame, pl.DataFrame]],
        stamps: dict[str, str],
    ) -> None:
        """Write one shard's skipped records, then per tokenizer id its usage and, last, its
        counts with its stamp."""
        self.write_skipped(shard, skipped)
        for tokenizer_id, (documents, usage) in counts.items():
            self.write_usage(tokenizer_id, shard, usage)
            self.write_counts(tokenizer_id, shard, documents, stamps[tokenizer_id])


def stamp_of(fingerprint: str, tokenizer_key: str) -> str:
    """What a counts file records of its inputs: the shard's `Shard.fingerprint` and the cache key."""
    return f"{fingerprint} {tokenizer_key}"
