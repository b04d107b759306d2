"""Profile a corpus into a results directory (tokenlab.engine.results), with the local engine or on Ray.

The local engine is `profiling.profile_corpus`: every shard read into one corpus, counted into
the DuckDB store (a second run is a cache hit), then each (tokenizer, shard)'s rows exported
from the store. Its token usage is per corpus, not per shard (the store keeps it per group),
so it is one usage file per tokenizer, `usage/<tokenizer>/corpus-<hash>.parquet`. The Ray engine
(ray_engine.py) counts the shards on workers and skips those a previous run finished. Both read
.parquet/.jsonl paths with corpora/shards.py, so both give every document the same id and
exactly the same counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from tokenlab.corpora.catalogue import CORPUS_NAMES, load_corpus
from tokenlab.corpora.shards import (
    SHARD_SUFFIXES,
    SKIPPED_COLUMNS,
    ShardedCorpus,
    is_shard_source,
    read_sharded_corpus,
)
from tokenlab.engine.encoding import BASELINES
from tokenlab.engine.profiling import ProgressCallback, profile_corpus
from tokenlab.engine.ray_engine import run_ray
from tokenlab.engine.results import ResultsDir
from tokenlab.engine.run_record import RunSummary, run_description
from tokenlab.engine.shard_counts import ShardOutcome
from tokenlab.engine.store import Store
from tokenlab.errors import TokenlabError

ENGINES = ("local", "ray")


def tokenizer_ids(tokenizers: Sequence[str], baselines: bool) -> list[str]:
    """The tokenizers asked for, then (with `baselines`) the byte and character baselines."""
    return [*tokenizers, *(b for b in BASELINES if baselines and b not in tokenizers)]


def reads_as_shards(corpus: str) -> bool:
    """Whether `corpus` is read by the shard reader when writing results: a directory, a glob, or
    a .parquet/.jsonl file (so that both engines give its documents the same ids)."""
    return corpus not in CORPUS_NAMES and (is_shard_source(corpus) or Path(corpus).suffix.lower() in SHARD_SUFFIXES)


def profile_to_directory(
    corpus: str,
    tokenizers: Sequence[str],
    out: str | Path,
    *,
    engine: str = "local",
    text_column: str | None = None,
    id_column: str | None = None,
    group_column: str | None = None,
    languages: Sequence[str] | None = None,
    baselines: bool = True,
    store: Store | None = None,
    address: str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Count `corpus` (a bundled name, a file, a directory or glob of shards) into results at `out`."""
    if engine not in ENGINES:
        raise TokenlabError(f"Unknown engine {engine!r}; use one of {', '.join(ENGINES)}.")
    results = ResultsDir(Path(out))
    ids = tokenizer_ids(tokenizers, baselines)
    if engine == "ray":
        if not reads_as_shards(corpus):
            raise TokenlabError(
                f"The Ray engine reads .parquet and .jsonl shards; {corpus!r} is not one. Give a shard "
                "file, a directory of shards or a quoted glob, or use --engine local."
            )
        return run_ray(corpus, ids, results, text_column, id_column, group_column, address, workers, progress)
    return _run_local(corpus, ids, results, text_column, id_column, group_column, languages, store, progress)


def _run_local(
    corpus: str,
    ids: list[str],
    results: ResultsDir,
    text_column: str | None,
    id_column: str | None,
    group_column: str | None,
    languages: Sequence[str] | None,
    store: Store | None,
    progress: ProgressCallback | None,
) -> RunSummary:
    if reads_as_shards(corpus):
        sharded = read_sharded_corpus(corpus, text_column, id_column, group_column)
    else:
        whole = load_corpus(corpus, languages, text_column, group_column)
        sharded = ShardedCorpus(
            whole, [whole.name], [whole.name] * whole.documents.height, pl.DataFrame(schema=SKIPPED_COLUMNS)
        )
    results.claim(run_description(corpus, text_column, id_column, group_column, languages))
    profile = profile_corpus(
        sharded.corpus,
        [i for i in ids if i not in BASELINES],
        store=store,
        progress=progress,
        baselines=any(i in BASELINES for i in ids),
    )
    shard_of = pl.Series("shard", sharded.shard_of_document, dtype=pl.String)
    for shard in sharded.shards:
        results.write_skipped(shard, sharded.skipped.filter(pl.col("shard") == shard))
    for tokenizer_id in ids:
        key = profile.tokenizer_keys[tokenizer_id]
        usage = profile.store.token_usage_counts(profile.corpus_hash, key).with_columns(tokenizer_key=pl.lit(key))
        results.write_usage(tokenizer_id, f"corpus-{profile.corpus_hash[:16]}", usage)
        documents = profile.store.document_counts(profile.corpus_hash, key).with_columns(shard_of)
        for shard in sharded.shards:
            results.write_counts(tokenizer_id, shard, documents.filter(pl.col("shard") == shard))
    facts = pl.DataFrame({"shard": shard_of, "characters": sharded.corpus.documents.get_column("text").str.len_chars()})
    per_shard = {
        shard: (documents, characters)
        for shard, documents, characters in facts.group_by("shard")
        .agg(pl.len(), pl.col("characters").sum())
        .iter_rows()
    }
    skipped = dict(sharded.skipped.group_by("shard").len().iter_rows())
    outcomes = [ShardOutcome(shard, *per_shard.get(shard, (0, 0)), skipped.get(shard, 0)) for shard in sharded.shards]
    return RunSummary(sharded.corpus.name, results.root, ids, len(sharded.shards), 0, outcomes)
