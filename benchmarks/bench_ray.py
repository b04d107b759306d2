"""Profiling a 200 MB sharded corpus with one tokenizer: the local engine, and Ray at 1 and 2 workers.

The corpus is generated in a temp dir, deterministically: every UDHR article of every version
and the running Python's standard library source, repeated until the shards hold 200 MB of
UTF-8 text, in 16 Parquet shards. Each engine writes a fresh results directory
(`profile --out DIR`) with o200k_base (no baselines), and all must write the same counts. Each
Ray run is a fresh process that starts a local instance (timed on its own row), then profiles:
starting the workers and loading the tokenizer in each is part of the run. One Ray run is
pinned to one core: its rate is the per-core rate a cluster estimate starts from. The raw row
is tiktoken's own batch encode of the same texts (ids only: no spans, word units or writing).

    python -m benchmarks.bench_ray
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.common import print_table, run_child, save_results

TOKENIZER = "o200k_base"
TARGET_BYTES = 200_000_000
SHARDS = 16
#: (results directory, workers, pinned to one core): the pinned run is the per-core rate a
#: cluster estimate multiplies; unpinned, one worker's tokenizer threads use both cores.
RAY_RUNS = (("ray-1-pinned", 1, True), ("ray-1", 1, False), ("ray-2", 2, False))


def _texts() -> Iterator[str]:
    """UDHR articles, then standard library modules, over and over."""
    from tokenlab.corpora import udhr

    articles = udhr().texts
    modules = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if text.strip():
            modules.append(text)
    while True:
        yield from articles
        yield from modules


def write_corpus(root: Path) -> tuple[int, int]:
    """SHARDS Parquet shards of TARGET_BYTES of text in total; returns (documents, bytes)."""
    import polars as pl

    texts = _texts()
    documents = total = 0
    for shard in range(SHARDS):
        batch, size = [], 0
        while size < TARGET_BYTES // SHARDS:
            text = next(texts)
            batch.append(text)
            size += len(text.encode("utf-8"))
        pl.DataFrame({"text": batch}).write_parquet(root / f"part-{shard:03d}.parquet")
        documents, total = documents + len(batch), total + size
    return documents, total


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _raw_seconds(corpus: Path) -> float:
    """tiktoken's own batch encode of every text of the corpus (read before the clock starts)."""
    import polars as pl

    from benchmarks.bench_corpus import raw_batch_encoder

    encode = raw_batch_encoder(TOKENIZER)
    texts = pl.read_parquet(corpus / "*.parquet").get_column("text").to_list()
    return _timed(lambda: encode(texts))


def run_ray(corpus: str, out: str, workers: int, pin: bool) -> dict[str, float]:
    """One Ray run in this (child) process: start a local instance, profile, stop; `pin` keeps the
    whole instance on one core, so one worker's tokenizer threads cannot use a second."""
    if pin:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # inherited by Ray's processes
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    from tokenlab.engine.results_run import profile_to_directory

    cpus = len(os.sched_getaffinity(0))
    start = _timed(
        lambda: ray.init(num_cpus=cpus, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    )
    try:
        seconds = _timed(
            lambda: profile_to_directory(corpus, [TOKENIZER], out, engine="ray", workers=workers, baselines=False)
        )
    finally:
        ray.shutdown()
    return {"start": start, "seconds": seconds}


def main() -> list[dict[str, object]]:
    import polars as pl

    from tokenlab.engine.results_run import profile_to_directory
    from tokenlab.engine.store import Store

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="tokenlab-bench-ray-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        documents, total = write_corpus(corpus)
        megabytes = total / 1e6

        def row(engine: str, cores: object, seconds: float) -> dict[str, object]:
            return {
                "engine": engine,
                "cores": cores,
                "seconds": seconds,
                "MB/s": megabytes / seconds,
                "vs local": local / seconds,
            }

        raw = _raw_seconds(corpus)
        store = Store(Path(tmp) / "profiles.duckdb")
        local = _timed(
            lambda: profile_to_directory(str(corpus), [TOKENIZER], Path(tmp) / "local", baselines=False, store=store)
        )
        store.close()
        rows += [row("raw tiktoken batch encode (ids only)", 2, raw), row("local engine", 2, local)]
        starts = []
        for label, workers, pin in RAY_RUNS:
            result = run_child(
                "benchmarks.bench_ray",
                "--child",
                str(corpus),
                str(Path(tmp) / label),
                str(workers),
                "pin" if pin else "all",
            )
            starts.append(result["start"])
            rows.append(row(f"ray, {workers} worker{'s' if workers > 1 else ''}", 1 if pin else 2, result["seconds"]))
        counts = [
            pl.read_parquet(Path(tmp) / run / "counts" / TOKENIZER / "*.parquet")
            for run in ("local", *(label for label, _, _ in RAY_RUNS))
        ]
        assert all(frame.equals(counts[0]) for frame in counts), "the engines' counts differ"
    rows.append(
        {
            "engine": "ray start-up, local instance (not in the rows above)",
            "cores": "",
            "seconds": statistics.median(starts),
            "MB/s": "",
            "vs local": "",
        }
    )
    print_table(
        f"Profiling {megabytes:.0f} MB of text ({documents:,} documents, {SHARDS} Parquet shards) "
        f"with {TOKENIZER} on a {os.cpu_count()}-core machine",
        rows,
    )
    save_results("ray", rows)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        corpus_path, out_path, workers_arg, pin_arg = sys.argv[2:6]
        print(json.dumps(run_ray(corpus_path, out_path, int(workers_arg), pin_arg == "pin")))
    else:
        main()
