"""The Ray engine on a local 2-CPU Ray instance: exactly the local engine's counts, resumable, bad records reported.

One Ray session serves the module (started once, shut down at the end); the engine joins it
rather than starting its own, as it would join a cluster.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
import ray  # requirements-dev.txt installs it: these tests run in CI

from tests.shard_corpus import BAD_RECORDS, DOCUMENTS, SHARDS, TOKENIZERS, write_shard_corpus
from tokenlab.cli import main
from tokenlab.engine.results import ResultsDir
from tokenlab.engine.results_run import profile_to_directory
from tokenlab.engine.run_record import RunSummary
from tokenlab.engine.store import MEMORY, Store

KEY = ["tokenizer_id", "group_name", "doc_id"]
#: Ray Data warns about its own deprecated settings when it copies its context for a run.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_shard_corpus(tmp_path_factory.mktemp("corpus") / "web")


def _run(corpus: Path, out: Path, engine: str) -> RunSummary:
    return profile_to_directory(
        str(corpus), TOKENIZERS, out, engine=engine, group_column="lang", workers=2, store=Store(MEMORY)
    )


@pytest.fixture(scope="module")
def runs(ray_session: None, corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same corpus counted by each engine into its own results directory."""
    out = tmp_path_factory.mktemp("results")
    first = _run(corpus_dir, out / "ray", "ray")
    assert (first.counted, first.already_done, first.documents, first.failed) == (len(SHARDS), 0, DOCUMENTS, [])
    _run(corpus_dir, out / "local", "local")
    return {"ray": out / "ray", "local": out / "local"}


def _frame(root: Path, kind: str) -> pl.DataFrame:
    return pl.read_parquet(root / kind / "**" / "*.parquet")


def test_ray_counts_every_document_exactly_as_the_local_engine(runs: dict[str, Path]) -> None:
    ray_counts, local_counts = _frame(runs["ray"], "counts"), _frame(runs["local"], "counts")
    assert ray_counts.height == DOCUMENTS * (len(TOKENIZERS) + 2)
    assert ray_counts.sort(KEY).equals(local_counts.sort(KEY))
    for tokenizer_id in [*TOKENIZERS, "utf8-bytes", "unicode-chars"]:  # file by file, row by row
        for shard in SHARDS:
            files = [ResultsDir(runs[engine]).counts_file(tokenizer_id, shard) for engine in ("ray", "local")]
            assert pl.read_parquet(files[0]).equals(pl.read_parquet(files[1])), (tokenizer_id, shard)


def test_ray_token_usage_adds_up_to_the_local_engines(runs: dict[str, Path]) -> None:
    def totals(root: Path) -> pl.DataFrame:
        usage = _frame(root, "usage").group_by("tokenizer_key", "group_name", "token_id").agg(pl.col("count").sum())
        return usage.sort("tokenizer_key", "group_name", "token_id")

    assert totals(runs["ray"]).equals(totals(runs["local"]))


def test_bad_records_are_reported_with_their_ids_and_the_rest_counted(runs: dict[str, Path]) -> None:
    skipped = _frame(runs["ray"], "skipped").sort("shard", "doc_id")
    assert skipped.select("doc_id", "reason").rows() == BAD_RECORDS
    counted = pl.read_parquet(ResultsDir(runs["ray"]).counts_file("llama3", "part-1.parquet"))
    assert counted.height == 100 and counted.get_column("doc_id").to_list()[-1] == "part-1.parquet:99"


def test_a_rerun_skips_every_finished_shard(
    runs: dict[str, Path], corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {path: path.stat().st_mtime_ns for path in runs["ray"].rglob("*.parquet")}
    assert (
        main(
            [
                "profile",
                "--corpus",
                str(corpus_dir),
                "-t",
                ",".join(TOKENIZERS),
                "--group-column",
                "lang",
                "--engine",
                "ray",
                "--workers",
                "2",
                "--out",
                str(runs["ray"]),
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr()
        .out.splitlines()[0]
        .endswith(
            f"{len(SHARDS)} shards x 5 tokenizers (o200k_base, llama3, mistral-v1, utf8-bytes, unicode-chars): "
            f"0 counted now, {len(SHARDS)} already done, 0 documents -> {runs['ray']}"
        )
    )
    assert {path: path.stat().st_mtime_ns for path in runs["ray"].rglob("*.parquet")} == before


def test_a_half_written_shard_is_counted_again_and_only_it(runs: dict[str, Path], corpus_dir: Path) -> None:
    results = ResultsDir(runs["ray"])
    lost = results.counts_file("mistral-v1", "part-2.parquet")
    lost.unlink()
    (lost.parent / f".{lost.name}.0123.tmp").write_bytes(b"a write that never finished")
    before = {path: path.stat().st_mtime_ns for path in runs["ray"].rglob("*.parquet")}
    summary = _run(corpus_dir, runs["ray"], "ray")
    assert (summary.counted, summary.already_done, summary.documents) == (1, len(SHARDS) - 1, 60)
    after = {path: path.stat().st_mtime_ns for path in runs["ray"].rglob("*.parquet")}
    assert {path for path in after if before.get(path) != after[path]} == {
        lost,
        results.usage_file("mistral-v1", "part-2.parquet"),
        results.skipped_file("part-2.parquet"),
    }
    assert _frame(runs["ray"], "counts").sort(KEY).equals(_frame(runs["local"], "counts").sort(KEY))


def test_an_unreadable_shard_fails_alone_and_is_retried(ray_session: None, tmp_path: Path, corpus_dir: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    (corpus / "good.parquet").write_bytes((corpus_dir / "part-0.parquet").read_bytes())
    (corpus / "broken.parquet").write_bytes(b"PAR1 cut short")
    summary = profile_to_directory(
        str(corpus), ["o200k_base"], tmp_path / "out", engine="ray", group_column="lang", workers=2, baselines=False
    )
    assert (summary.counted, summary.documents) == (1, 80)
    (failed,) = summary.failed
    assert failed.shard == "broken.parquet" and "could not be read as a Parquet file" in failed.error
    assert not ResultsDir(tmp_path / "out").counts_file("o200k_base", "broken.parquet").exists()


def test_the_command_exits_1_after_counting_the_shards_it_could_read(
    ray_session: None, tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copyfile(corpus_dir / "part-0.parquet", corpus / "good.parquet")  # 80 UDHR articles
    (corpus / "broken.parquet").write_bytes(b"PAR1 cut short")
    out = tmp_path / "out"
    argv = ["profile", "--corpus", str(corpus), "-t", "o200k_base", "--group-column", "lang", "--engine", "ray"]
    argv += ["--workers", "2", "--no-baselines", "--out", f"{out}/"]
    for counted, done, documents in ((1, 0, 80), (0, 1, 0)):  # again: the good shard is done, the broken retried
        assert main(argv) == 1
        captured = capsys.readouterr()
        assert captured.out.splitlines()[0] == (
            f"mixed: 2 shards x 1 tokenizers (o200k_base): {counted} counted now, {done} already done, "
            f"{documents} documents -> {out}"
        )
        (error,) = [line for line in captured.err.splitlines() if line.startswith("error: ")]
        assert error.startswith("error: broken.parquet") and error.endswith("(run the command again to retry it)")
    assert sorted(path.name for path in (out / "counts" / "o200k_base").iterdir()) == ["good.parquet"]


def test_an_edited_shard_is_counted_again_and_only_it(ray_session: None, tmp_path: Path, corpus_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    out = ResultsDir(tmp_path / "out")
    first = profile_to_directory(
        str(corpus), ["o200k_base"], out.root, engine="ray", group_column="lang", workers=2, baselines=False
    )
    assert first.counted == len(SHARDS)
    before = {path: path.stat().st_mtime_ns for path in out.root.rglob("*.parquet")}
    edited = corpus / "more" / "tail.jsonl"
    with edited.open("ab") as handle:  # one more article, so the shard's size changes
        handle.write(json.dumps({"text": "One more article.", "lang": "eng", "article": "31"}).encode() + b"\n")
    summary = profile_to_directory(
        str(corpus), ["o200k_base"], out.root, engine="ray", group_column="lang", workers=2, baselines=False
    )
    assert (summary.counted, summary.already_done, summary.documents) == (1, len(SHARDS) - 1, 61)
    after = {path: path.stat().st_mtime_ns for path in out.root.rglob("*.parquet")}
    assert {path for path in after if before.get(path) != after[path]} == {
        out.counts_file("o200k_base", "more/tail.jsonl"),
        out.usage_file("o200k_base", "more/tail.jsonl"),
        out.skipped_file("more/tail.jsonl"),
    }
    counted = pl.read_parquet(out.counts_file("o200k_base", "more/tail.jsonl"))
    assert counted.filter(pl.col("doc_id") == "more/tail.jsonl:68").get_column("tokens").to_list() == [4]
