"""Count one input shard with several tokenizers and write its results: a distributed engine's unit of work.

A worker reads the shard's records (corpora/shards.py), cuts them into batches of about
`settings.PROFILE_BATCH_CHARS` characters, computes each batch's word units once, and calls
`doc_counts.count_batch` for every tokenizer: the function the local engine calls, so a
document gets the same counts whichever engine counts it and however its batch is cut.
Nothing is written until the whole shard is counted, and then through `ResultsDir.write_shard`
(counts last), so a worker that dies leaves the shard to be counted again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from tokenlab.corpora.shards import SKIPPED_COLUMNS, Columns, Shard, ShardError, read_shard
from tokenlab.engine.doc_counts import BatchUnits, batch_ranges, count_batch
from tokenlab.engine.encoding import BatchText, CorpusEncoder
from tokenlab.engine.results import RESULT_SCHEMA, USAGE_SCHEMA, ResultsDir, stamp_of
from tokenlab.text.word_units import units_for_texts


@dataclass(frozen=True)
class ShardOutcome:
    """What counting one shard did: shown as progress, summed into the run's summary."""

    shard: str
    documents: int = 0
    characters: int = 0
    skipped: int = 0
    seconds: float = 0.0
    error: str = ""  # why the shard could not be read; it is left for a re-run


#: A shard with no countable record still gets (empty) results files: it is done.
_EMPTY_DOCUMENTS = pl.DataFrame(RESULT_SCHEMA.empty_table()).drop("tokenizer_id", "tokenizer_key", "vocab_size")
_EMPTY_USAGE = pl.DataFrame(USAGE_SCHEMA.empty_table()).drop("tokenizer_key")


def _usage(groups: list[str], token_counts: np.ndarray, ids: np.ndarray) -> pl.DataFrame:
    """(group_name, token_id, count) of one batch's tokens."""
    names, codes = np.unique(np.asarray(groups, dtype=object), return_inverse=True)
    tokens = pl.DataFrame({"group": np.repeat(codes, token_counts), "token_id": ids})
    counted = tokens.group_by("group", "token_id").agg(count=pl.len().cast(pl.Int64))
    group_names = pl.Series("group_name", names[counted.get_column("group").to_numpy()], dtype=pl.String)
    return counted.select(group_names, "token_id", "count")


def count_shard(
    shard: Shard,
    columns: Columns,
    encoders: Mapping[str, CorpusEncoder],
) -> tuple[dict[str, tuple[pl.DataFrame, pl.DataFrame]], pl.DataFrame]:
    """Per tokenizer id: per-document counts and token usage of `shard`; and its skipped records."""
    documents: dict[str, list[pl.DataFrame]] = {tokenizer_id: [] for tokenizer_id in encoders}
    usage: dict[str, list[pl.DataFrame]] = {tokenizer_id: [] for tokenizer_id in encoders}
    skipped: list[tuple[str, str]] = []
    for records in read_shard(shard, columns):
        skipped += records.skipped
        for lo, hi in batch_ranges(map(len, records.texts)):
            text = BatchText(records.texts[lo:hi])  # its UTF-8 bytes are shared by every tokenizer
            units = units_for_texts(text.texts)
            word_units = BatchUnits.of_texts(text, units)
            facts = {
                "doc_id": records.doc_ids[lo:hi],
                "group_name": records.groups[lo:hi],
                "unit": [str(u) for u in units],
                "characters": text.doc_chars,
                "bytes": text.doc_bytes,
                "words": word_units.words(len(text)),
            }
            for tokenizer_id, encoder in encoders.items():
                counts, batch = count_batch(encoder, text, word_units)
                documents[tokenizer_id].append(pl.DataFrame({**facts, **counts}))
                usage[tokenizer_id].append(_usage(records.groups[lo:hi], batch.counts, batch.ids))
    results = {}
    for tokenizer_id, encoder in encoders.items():
        counted = pl.concat([_EMPTY_DOCUMENTS, *documents[tokenizer_id]], how="diagonal_relaxed")
        used = pl.concat([_EMPTY_USAGE, *usage[tokenizer_id]], how="diagonal_relaxed")
        used = used.group_by("group_name", "token_id", maintain_order=True).agg(pl.col("count").sum())
        results[tokenizer_id] = (
            counted.with_columns(
                tokenizer_id=pl.lit(encoder.id),
                tokenizer_key=pl.lit(encoder.cache_key),
                vocab_size=pl.lit(encoder.vocab_size, dtype=pl.Int64),
            ),
            used.with_columns(tokenizer_key=pl.lit(encoder.cache_key)),
        )
    skipped_frame = pl.DataFrame(
        [(shard.name, doc_id, reason) for doc_id, reason in skipped], schema=SKIPPED_COLUMNS, orient="row"
    )
    return results, skipped_frame


def count_and_write_shard(
    shard: Shard, columns: Columns, encoders: Mapping[str, CorpusEncoder], out: ResultsDir
) -> ShardOutcome:
    """Count `shard` with `encoders` and write its results; a shard that cannot be read is reported."""
    started = time.perf_counter()
    try:
        fingerprint = shard.fingerprint()  # before reading: a shard changed meanwhile is counted again
        results, skipped = count_shard(shard, columns, encoders)
    except ShardError as error:
        return ShardOutcome(shard.name, error=str(error), seconds=time.perf_counter() - started)
    out.write_shard(
        shard.name,
        skipped,
        results,
        {tokenizer_id: stamp_of(fingerprint, encoder.cache_key) for tokenizer_id, encoder in encoders.items()},
    )
    counted = next(iter(results.values()))[0] if results else _EMPTY_DOCUMENTS
    return ShardOutcome(
        shard.name,
        counted.height,
        int(counted.get_column("characters").sum()),
        skipped.height,
        time.perf_counter() - started,
    )
