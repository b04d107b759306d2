"""The `profile` and `metrics` commands: corpus profiling from the command line.

    python -m tokenlab profile --corpus udhr --tokenizers o200k_base,llama3 --languages eng,fra --out results.parquet
    python -m tokenlab metrics --corpus udhr --tokenizers o200k_base,llama3 --languages eng,fra,jpn --metric parity
    python -m tokenlab metrics --corpus notes.csv --text-column body --tokenizers gemma3 --metric efficiency
    python -m tokenlab profile --corpus 'web/*.parquet' --tokenizers o200k_base,llama3 --engine ray --out runs/web/
    python -m tokenlab metrics --results runs/web/ --metric fertility
    python -m tokenlab metrics --corpus udhr-subset -t bert-base-uncased --metric parity --format csv > parity.csv

Both count what is not cached yet (with a progress bar on standard error) and then query the
store; `metrics` prints a table (or, with --format csv or json, the same columns plus each
row's coverage), `profile` writes the per-group summary to --out FILE, or per-document results
(tokenlab.engine.results) to --out DIR, which `metrics --results DIR` and the app open.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
from tqdm import tqdm

from tokenlab.corpora import CorpusError, list_corpora, load_corpus
from tokenlab.engine.profiling import Profile, profile_corpus
from tokenlab.engine.results_reader import open_results
from tokenlab.engine.results_run import ENGINES, profile_to_directory
from tokenlab.engine.run_record import RunSummary
from tokenlab.engine.store import Store
from tokenlab.metrics import corpus_metrics

METRICS: dict[str, Callable[..., pl.DataFrame]] = {
    "summary": corpus_metrics.summary,
    "compression": corpus_metrics.compression,
    "fertility": corpus_metrics.fertility,
    "split": corpus_metrics.word_split_rate,
    "continuation": corpus_metrics.continuation_rate,
    "unknown": corpus_metrics.unknown_rates,
    "coverage": corpus_metrics.coverage,
    "utilisation": corpus_metrics.vocab_utilisation,
    "efficiency": corpus_metrics.efficiency,
    "parity": corpus_metrics.parity,
    "gini": corpus_metrics.parity,  # then summarised across languages
}
OUTPUT_SUFFIXES = (".parquet", ".csv")
FORMATS = ("table", "csv", "json")


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _corpus_arguments(command: argparse.ArgumentParser, results: bool = False) -> None:
    source = command.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--corpus",
        metavar="NAME|PATH",
        help=f"{' | '.join(list_corpora())}, a "
        ".txt/.csv/.jsonl/.parquet file, or a directory or quoted glob of .parquet/.jsonl shards",
    )
    if results:
        source.add_argument(
            "--results", metavar="PATH", help="a results directory (profile --out DIR), or a counts file"
        )
    command.add_argument(
        "--tokenizers",
        "-t",
        required=not results,
        type=_names,
        metavar="A,B,C",
        help="bundled tokenizer ids, comma-separated (see `tokenizers`)"
        + ("; with --results, which of its tokenizers (default: all)" if results else ""),
    )
    command.add_argument("--languages", type=_names, metavar="eng,fra", help="UDHR languages (default: all)")
    command.add_argument(
        "--text-column", metavar="NAME", help="the column of a table file that holds the text (shards: default 'text')"
    )
    command.add_argument("--group-column", metavar="NAME", help="a column to group a table file's rows by")
    command.add_argument(
        "--id-column",
        metavar="NAME",
        help="shards: a column of document ids, unique within a group (default: <shard>:<row>)",
    )
    command.add_argument("--db", metavar="PATH", help="the DuckDB cache file (default: TOKENLAB_DB or the user cache)")
    command.add_argument("--no-baselines", action="store_true", help="leave out the utf8-bytes and unicode-chars rows")


def add_corpus_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `profile` and `metrics` on the CLI's subcommands."""
    profile = commands.add_parser("profile", help="count a corpus with tokenizers and write the summary")
    _corpus_arguments(profile)
    profile.add_argument(
        "--out",
        metavar="PATH",
        help="write the summary to a .parquet or .csv file, or per-document results to a directory (DIR or DIR/)",
    )
    profile.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="count here (local, the default) or on Ray (needs --out DIR and requirements-ray.txt)",
    )
    profile.add_argument("--address", metavar="ADDR", help="ray: the cluster to join (default: start one here)")
    profile.add_argument("--workers", type=_positive, metavar="N", help="ray: workers (default: every CPU)")
    profile.set_defaults(command=_profile_command)

    metrics = commands.add_parser("metrics", help="print one corpus metric as a table")
    _corpus_arguments(metrics, results=True)
    metrics.add_argument("--metric", choices=list(METRICS), default="summary", help="which metric (default: summary)")
    metrics.add_argument("--by", choices=("group", "corpus"), help="one row per group or per corpus")
    metrics.add_argument("--reference", default="eng", help="parity's reference group (default: eng)")
    metrics.add_argument("--alpha", type=float, default=None, help="Rényi order for efficiency (default: 2.5)")
    metrics.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="an aligned table (the default), or CSV or JSON for scripts: the table's columns plus coverage",
    )
    metrics.set_defaults(command=_metrics_command)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def _store(args: argparse.Namespace) -> Store:
    """The cache named by --db, else TOKENLAB_DB, else the user cache; a note when it is in memory instead."""
    store = Store(args.db)
    if store.reason:
        print(
            f"note: the profile cache {store.file} {store.reason}, so this run's results are kept in memory "
            "and not saved (name another file with --db or TOKENLAB_DB).",
            file=sys.stderr,
        )
    return store


@contextmanager
def _progress_bar(label: str, unit: str) -> Iterator[Callable[[int, int, str], None]]:
    """A tqdm bar on standard error, as a profiling progress callback (done, total, what)."""
    with tqdm(total=1, unit=unit, unit_scale=True, desc=label, file=sys.stderr, leave=False) as bar:

        def progress(done: int, total: int, what: str) -> None:
            bar.total = total
            bar.set_postfix_str(what, refresh=False)
            bar.update(done - bar.n)

        yield progress


def _profile(args: argparse.Namespace) -> Profile:
    store = _store(args)
    if getattr(args, "results", None):
        return open_results(args.results, store, args.tokenizers)
    if not args.tokenizers:
        raise CorpusError("Name the tokenizers to count the corpus with: --tokenizers o200k_base,llama3")
    corpus = load_corpus(args.corpus, args.languages, args.text_column, args.group_column, args.id_column)
    with _progress_bar(corpus.name, "char") as progress:
        return profile_corpus(corpus, args.tokenizers, store=store, progress=progress, baselines=not args.no_baselines)


def _writes_directory(out: str | None) -> bool:
    """--out names a results directory (no suffix, a trailing slash, or an existing directory), or a summary file."""
    if out is None:
        return False
    if out.endswith(("/", os.sep)) or Path(out).is_dir() or not Path(out).suffix:
        return True
    if Path(out).suffix.lower() not in OUTPUT_SUFFIXES:
        raise CorpusError(
            f"--out {out}: write a .parquet or .csv file, or name a directory (DIR/) for per-document results."
        )
    return False


def _profile_command(args: argparse.Namespace) -> int:
    if args.engine == "local" and (args.address or args.workers):
        raise CorpusError("--address and --workers apply to --engine ray.")
    if _writes_directory(args.out):
        return _profile_to_directory(args)
    if args.engine != "local":
        raise CorpusError(f"--engine {args.engine} writes per-document results: give --out DIR/ (a directory).")
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


def _profile_to_directory(args: argparse.Namespace) -> int:
    unit = "shard" if args.engine == "ray" else "char"
    with _progress_bar(args.corpus, unit) as progress:
        summary = profile_to_directory(
            args.corpus,
            args.tokenizers,
            args.out,
            engine=args.engine,
            text_column=args.text_column,
            id_column=args.id_column,
            group_column=args.group_column,
            languages=args.languages,
            baselines=not args.no_baselines,
            store=_store(args) if args.engine == "local" else None,
            address=args.address,
            workers=args.workers,
            progress=progress,
        )
    print_run_summary(summary)
    return 1 if summary.failed else 0


#: Skipped records listed after a run; the rest are in DIR/skipped/.
LISTED_SKIPPED = 10


def print_run_summary(summary: RunSummary) -> None:
    """What was counted and written; skipped records with their ids; shards that failed, on standard error."""
    shards = f"{summary.shards} shard{'s' * (summary.shards != 1)}"
    print(
        f"{summary.corpus}: {shards} x {len(summary.tokenizers)} tokenizers ({', '.join(summary.tokenizers)}): "
        f"{summary.counted} counted now, {summary.already_done} already done, "
        f"{summary.documents:,} documents -> {summary.out}"
    )
    skipped = summary.skipped_records()
    if skipped.height:
        print(f"skipped {skipped.height:,} records that cannot be counted (all in {summary.out / 'skipped'}):")
        for _, doc_id, reason in skipped.head(LISTED_SKIPPED).iter_rows():
            print(f"  {doc_id}: {reason}")
        if skipped.height > LISTED_SKIPPED:
            print(f"  ... and {skipped.height - LISTED_SKIPPED:,} more")
    for outcome in summary.failed:
        print(f"error: {outcome.error} (run the command again to retry it)", file=sys.stderr)


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
    if args.metric == "gini":
        frame = corpus_metrics.parity_gini(frame)
    if args.format == "table":
        print_frame(frame)
        return 0
    frame = _with_coverage(profile, frame, options.get("by_group", True))
    if args.format == "csv":
        sys.stdout.write(frame.write_csv())
    else:
        print(json.dumps(frame.to_dicts(), ensure_ascii=False, indent=2))
    return 0


def _with_coverage(profile: Profile, frame: pl.DataFrame, by_group: bool) -> pl.DataFrame:
    """`frame` with each row's coverage and flag (corpus_metrics.coverage) when it lacks them:
    a script reading the CSV must not take unknown text for cheap text."""
    if "coverage" in frame.columns or "tokenizer" not in frame.columns:
        return frame
    keys = ["tokenizer", "group"] if "group" in frame.columns else ["tokenizer"]
    covered = corpus_metrics.coverage(profile, by_group=by_group and "group" in frame.columns)
    return frame.join(covered.select(*keys, "coverage", "flagged"), on=keys, how="left", maintain_order="left")


def print_frame(frame: pl.DataFrame) -> None:
    """A plain aligned table: numbers right-aligned, floats with 3 decimals."""
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]
    cells = [[_cell(value) for value in row] for row in frame.iter_rows()]
    widths = [max(len(name), *(len(row[i]) for row in cells)) for i, name in enumerate(frame.columns)]
    for line in [frame.columns, *cells]:
        print(
            "  ".join(
                c.rjust(w) if num else c.ljust(w) for c, w, num in zip(line, widths, numeric, strict=True)
            ).rstrip()
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
