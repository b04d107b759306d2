"""The Ray engine: the local engine's per-document counts, computed on the workers of a Ray cluster.

A Ray Data pipeline over the corpus's shards: one item per shard that some tokenizer has not
finished, `map_batches` into `ShardCounter` (an actor pool, one actor per worker, each loading
every tokenizer once), which reads the whole shard, counts it with `doc_counts.count_batch`
(shard_counts.py) and writes its results files. The unit of work is a shard, not a block of
rows: a shard's results are complete or absent (so a re-run skips exactly the finished ones),
its documents keep their `<shard>:<row>` ids, and one bad record is skipped, not the block it
came in. Spread a corpus over at least as many shards as workers.

Without an address this starts a local Ray instance on `workers` CPUs (no dashboard, no usage
statistics, nothing but errors logged) and stops it at the end; with one it joins that cluster,
whose nodes must have tokenlab installed and see the corpus and the output directory at the
same paths. `import ray` happens only here, so the rest of tokenlab and the app never need it.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from tokenlab import settings
from tokenlab.corpora.shards import Columns, Shard, find_shards
from tokenlab.engine.encoding import bundled_cache_key, corpus_encoder
from tokenlab.engine.profiling import ProgressCallback
from tokenlab.engine.results import ResultsDir, stamp_of
from tokenlab.engine.run_record import RunSummary, run_description
from tokenlab.engine.shard_counts import ShardOutcome, count_and_write_shard
from tokenlab.errors import TokenlabError, first_line

INSTALL_HINT = "pip install -r requirements-ray.txt"


class EngineUnavailableError(TokenlabError):
    """The Ray engine was asked for, but Ray is not installed or the cluster cannot be reached."""


class ShardCounter:
    """Ray Data UDF: built once per worker (the tokenizers load here), then called per shard."""

    def __init__(self, tokenizer_ids: Sequence[str], columns: dict[str, Any], out: str) -> None:
        # A worker has one CPU: one encode thread (tokenlab's pool for tiktoken, Rust's rayon pool
        # for Hugging Face tokenizers, which reads this before its first encode), not one per core.
        settings.ENCODE_THREADS = 1
        os.environ.setdefault("RAYON_NUM_THREADS", "1")
        self.encoders = {tokenizer_id: corpus_encoder(tokenizer_id) for tokenizer_id in tokenizer_ids}
        self.columns = Columns(**columns)
        self.out = ResultsDir(Path(out))

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        outcomes = []
        for path, name, pending in zip(batch["path"], batch["shard"], batch["tokenizers"], strict=True):
            encoders = {tokenizer_id: self.encoders[tokenizer_id] for tokenizer_id in str(pending).split("\n")}
            outcomes.append(
                asdict(count_and_write_shard(Shard(Path(str(path)), str(name)), self.columns, encoders, self.out))
            )
        return {key: [outcome[key] for outcome in outcomes] for key in ShardOutcome.__dataclass_fields__}


def _import_ray() -> Any:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # never phone home, even when a cluster would
    try:
        import ray
        import ray.data
    except ImportError:
        raise EngineUnavailableError(
            f"The Ray engine needs Ray, which is not installed. Install it with "
            f"`{INSTALL_HINT}`, or use --engine local."
        ) from None
    return ray


def _start(ray: Any, address: str | None, workers: int | None) -> bool:
    """Connect to the cluster at `address`, or start a local instance; True if this call started one."""
    if ray.is_initialized():
        return False
    quiet = {"logging_level": logging.ERROR, "log_to_driver": False}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            ray.init(num_cpus=workers or os.cpu_count(), include_dashboard=False, **quiet)
    except (ConnectionError, RuntimeError, ValueError) as error:
        detail = first_line(error)
        raise EngineUnavailableError(
            f"Ray could not start or reach the cluster at {address or 'this machine'} "
            f"({detail}). Check --address, or run without it for a local instance."
        ) from None
    return True


def _pending(shards: list[Shard], tokenizer_ids: Sequence[str], out: ResultsDir) -> list[dict[str, str]]:
    """One item per shard some tokenizer has not finished: its path, name and those tokenizers."""
    keys = {tokenizer_id: bundled_cache_key(tokenizer_id) for tokenizer_id in tokenizer_ids}
    items = []
    for shard in shards:
        fingerprint = shard.fingerprint()
        todo = [t for t in tokenizer_ids if not out.is_done(t, shard.name, stamp_of(fingerprint, keys[t]))]
        if todo:
            items.append({"path": str(shard.path.resolve()), "shard": shard.name, "tokenizers": "\n".join(todo)})
    return items


def run_ray(
    corpus: str,
    tokenizer_ids: Sequence[str],
    out: ResultsDir,
    text_column: str | None,
    id_column: str | None,
    group_column: str | None,
    address: str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> RunSummary:
    """Count the shards at `corpus` that `out` lacks on Ray; `progress(done, total, shard)` counts shards."""
    ray = _import_ray()
    source = find_shards(corpus)
    columns = Columns(text_column or "text", id_column, group_column, source.name)
    out.claim(run_description(corpus, text_column, id_column, group_column))
    items = _pending(source.shards, tokenizer_ids, out)
    summary = RunSummary(
        source.name, out.root, list(tokenizer_ids), len(source.shards), len(source.shards) - len(items)
    )
    if not items:
        return summary
    started = _start(ray, address, workers)
    try:
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        pool = min(len(items), workers or max(int(ray.cluster_resources().get("CPU", 1)), 1))
        with warnings.catch_warnings():
            # A local instance does not restart a dead worker (a re-run resumes instead): with
            # restarts, Ray 2.60 logs an error line per actor (ray-project/ray#53727), and the
            # named replacement of the deprecated `max_restarts` argument does not exist yet.
            # A cluster keeps Ray Data's restarts.
            warnings.simplefilter("ignore", DeprecationWarning)
            counted = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
                ShardCounter,
                batch_size=1,
                concurrency=pool,
                num_cpus=1,
                **({} if address else {"max_restarts": 0}),
                fn_constructor_kwargs={
                    "tokenizer_ids": list(tokenizer_ids),
                    "columns": asdict(columns),
                    "out": str(out.root.resolve()),
                },
            )
        if progress is not None:
            progress(0, len(items), "starting workers")
        for row in counted.iter_rows():
            summary.outcomes.append(ShardOutcome(**row))
            if progress is not None:
                progress(len(summary.outcomes), len(items), row["shard"])
    finally:
        if started:
            ray.shutdown()
    return summary
