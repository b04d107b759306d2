"""The `profile` and `metrics` commands: corpus profiling from the command line.

    python -m tokenlab profile --corpus udhr --tokenizers o200k_base,llama3 --languages eng,fra --out results.parquet
    python -m tokenlab metrics --corpus udhr --tokenizers o200k_base,llama3 --languages eng,fra,jpn --metric parity
    python -m tokenlab metrics --corpus notes.csv --text-column body --tokenizers gemma3 --metric efficiency

Both count what is not cached yet (with a progress bar on standard error) and then query the
store; `metrics` prints a table, `profile` writes the per-group summary to --out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
from tqdm import tqdm

from tokenlab import corpus_metrics
from tokenlab.corpora import CorpusError, list_corpora, load_corpus
from tokenlab.profiling import Profile, profile_corpus
from tokenlab.store import Store

METRICS: dict[str, Callable[..., pl.DataFrame]] = {
    "summary": corpus_metrics.summary,
    "compression": corpus_metrics.compression,
    "fertility": corpus_metrics.fertility,
    "split": corpus_metrics.word_split_rate,
    "continuation": corpus_metrics.continuation_rate,
    "unknown": corpus_metrics.unknown_rates,
    "utilisation": corpus_metrics.vocab_utilisation,
    "efficiency": corpus_metrics.efficiency,
    "parity": corpus_metrics.parity,
    "gini": corpus_metrics.parity,  # then summarised across languages
}
OUTPUT_SUFFIXES = (".parquet", ".csv")


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _corpus_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--corpus", required=True, metavar="NAME|PATH",
                         help=f"{' | '.join(list_corpora())}, or a .txt/.csv/.jsonl/.parquet file")
    command.add_argument("--tokenizers", "-t", required=True, type=_names, metavar="A,B,C",
                         help="bundled tokenizer ids, comma-separated (see `tokenizers`)")
    command.add_argument("--languages", type=_names, metavar="eng,fra", help="UDHR languages (default: all)")
    command.add_argument("--text-column", metavar="NAME", help="the column of a table file that holds the text")
    command.add_argument("--group-column", metavar="NAME", help="a column to group a table file's rows by")
    command.add_argument("--db", metavar="PATH", help="the DuckDB cache file (default: TOKENLAB_DB or the user cache)")
    command.add_argument("--no-baselines", action="store_true", help="leave out the utf8-bytes and unicode-chars rows")


def add_corpus_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register `profile` and `metrics` on the CLI's subcommands."""
    profile = commands.add_parser("profile", help="count a corpus with tokenizers and write the summary")
    _corpus_arguments(profile)
    profile.add_argument("--out", metavar="PATH", help="write the summary to a .parquet or .csv file")
    profile.set_defaults(command=_profile_command)

    metrics = commands.add_parser("metrics", help="print one corpus metric as a table")
    _corpus_arguments(metrics)
    metrics.add_argument("--metric", choices=list(METRICS), default="summary", help="which metric (default: summary)")
    metrics.add_argument("--by", choices=("group", "corpus"), help="one row per group or per corpus")
    metrics.add_argument("--reference", default="eng", help="parity's reference group (default: eng)")
    metrics.add_argument("--alpha", type=float, default=None, help="Rényi order for efficiency (default: 2.5)")
    metrics.set_defaults(command=_metrics_command)


def _profile(args: argparse.Namespace) -> Profile:
    corpus = load_corpus(args.corpus, args.languages, args.text_column, args.group_column)
    store = Store(args.db) if args.db else None
    if store is not None and store.notice:
        print(f"note: {store.notice}", file=sys.stderr)
    with tqdm(total=1, unit="char", unit_scale=True, desc=corpus.name, file=sys.stderr, leave=False) as bar:

        def progress(done: int, total: int, tokenizer_id: str) -> None:
            bar.total = total
            bar.set_postfix_str(tokenizer_id, refresh=False)
            bar.update(done - bar.n)

        return profile_corpus(corpus, args.tokenizers, store=store, progress=progress,
                              baselines=not args.no_baselines)


def _profile_command(args: argparse.Namespace) -> int:
    if args.out and Path(args.out).suffix.lower() not in OUTPUT_SUFFIXES:
        raise CorpusError(f"--out {args.out}: write a .parquet or .csv file.")
    profile = _profile(args)
    summary = corpus_metrics.summary(profile)
    if not args.out:
        print_frame(summary)
        return 0
    out = Path(args.out)
    summary.write_parquet(out) if out.suffix.lower() == ".parquet" else summary.write_csv(out)
    groups = summary.get_column("group").n_unique()
    print(f"{profile.corpus_name}: {len(profile.tokenizer_keys)} tokenizers x {groups} groups -> {out}")
    return 0


def _metrics_command(args: argparse.Namespace) -> int:
    profile = _profile(args)
    options: dict[str, Any] = {}
    if args.metric in ("parity", "gini"):
        options["reference"] = args.reference
    elif args.by:
        options["by_group"] = args.by == "group"
    if args.metric == "efficiency" and args.alpha is not None:
        options["alpha"] = args.alpha
    frame = METRICS[args.metric](profile, **options)
    print_frame(corpus_metrics.parity_gini(frame) if args.metric == "gini" else frame)
    return 0


def print_frame(frame: pl.DataFrame) -> None:
    """A plain aligned table: numbers right-aligned, floats with 3 decimals."""
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    cells = [[_cell(value) for value in row] for row in frame.iter_rows()]
    widths = [max(len(name), *(len(row[i]) for row in cells)) for i, name in enumerate(frame.columns)]
    for line in [frame.columns, *cells]:
        print("  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(line, widths, numeric)).rstrip())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
