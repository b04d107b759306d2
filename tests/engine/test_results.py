"""Results directories: the local engine writes them, DuckDB opens them, the metrics match the store's."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

import tokenlab
from tests.reference import reference_encoder
from tests.shard_corpus import BAD_RECORDS, DOCUMENTS, LANGUAGES, SHARDS, TOKENIZERS, write_shard_corpus
from tokenlab.cli import main
from tokenlab.corpora import udhr
from tokenlab.engine.results import RESULT_SCHEMA, USAGE_SCHEMA, ResultsDir, ResultsError, stamp_of
from tokenlab.engine.results_run import profile_to_directory
from tokenlab.engine.store import MEMORY, Store
from tokenlab.metrics import corpus_metrics

ALL_TOKENIZERS = [*TOKENIZERS, "utf8-bytes", "unicode-chars"]
METRICS = [
    corpus_metrics.summary,
    corpus_metrics.fertility,
    corpus_metrics.word_split_rate,
    corpus_metrics.continuation_rate,
    corpus_metrics.unknown_rates,
    corpus_metrics.vocab_utilisation,
    corpus_metrics.efficiency,
]


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_shard_corpus(tmp_path_factory.mktemp("corpus") / "web")


@pytest.fixture(scope="module")
def local_run(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    """The corpus profiled by the local engine into a results directory (ids from the article column)."""
    out, store = tmp_path_factory.mktemp("results") / "local", Store(MEMORY)
    profile_to_directory(
        str(corpus_dir), TOKENIZERS, out, text_column="text", id_column="article", group_column="lang", store=store
    )
    return out, store


def test_local_engine_writes_one_counts_file_per_tokenizer_and_shard(local_run: tuple[Path, Store]) -> None:
    out, _ = local_run
    results = ResultsDir(out)
    for tokenizer_id in ALL_TOKENIZERS:
        for shard in SHARDS:
            assert pq.read_schema(results.counts_file(tokenizer_id, shard)).remove_metadata() == RESULT_SCHEMA
        (usage,) = (out / "usage" / tokenizer_id).glob("corpus-*.parquet")
        assert pq.read_schema(usage).remove_metadata() == USAGE_SCHEMA
    counts = pl.read_parquet(out / "counts" / "o200k_base" / "*.parquet")
    assert counts.height == DOCUMENTS and counts.get_column("tokens").min() > 0
    english = counts.filter(pl.col("group_name") == "eng")
    assert english.get_column("tokens").sum() == 1524  # tiktoken's count of the English UDHR articles
    assert pl.read_parquet(out / "skipped" / "*.parquet").height == len(BAD_RECORDS)
    assert not list(out.rglob("*.tmp"))


def test_opened_results_give_the_stores_metrics(local_run: tuple[Path, Store], corpus_dir: Path) -> None:
    out, store = local_run
    profiled = tokenlab.profile_corpus(
        tokenlab.load_corpus(str(corpus_dir), text_column="text", id_column="article", group_column="lang"),
        TOKENIZERS,
        store=store,
    )
    opened = tokenlab.open_results(out, store=Store(MEMORY), tokenizers=ALL_TOKENIZERS)
    for metric in METRICS:  # integers exactly; entropies up to the order DuckDB sums floats in
        assert_frame_equal(metric(opened), metric(profiled))
    parity = corpus_metrics.parity(opened, groups=["fra", "hin"])
    assert_frame_equal(parity, corpus_metrics.parity(profiled, groups=["fra", "hin"]))
    assert parity.filter(pl.col("group") == "eng").get_column("parity").to_list() == [1.0] * len(ALL_TOKENIZERS)


def test_opening_the_same_results_again_is_a_cache_hit(local_run: tuple[Path, Store]) -> None:
    store = Store(MEMORY)
    first = tokenlab.open_results(local_run[0], store=store)
    second = tokenlab.open_results(local_run[0], store=store)
    assert first.corpus_hash == second.corpus_hash
    assert store.query("SELECT count(*) AS n FROM corpora").item() == 1
    assert first.tokenizer_ids == [*sorted(TOKENIZERS), "utf8-bytes", "unicode-chars"]


def test_uploaded_results_open_in_any_order(local_run: tuple[Path, Store]) -> None:
    out = local_run[0]
    files = [
        (p.name, p.read_bytes())
        for p in [*(out / "counts" / "llama3").glob("*.parquet"), *(out / "usage" / "llama3").glob("*.parquet")]
    ]
    store = Store(MEMORY)
    profile = tokenlab.open_uploaded_results(files, store=store)
    assert profile.tokenizer_ids == ["llama3"]
    assert tokenlab.open_uploaded_results(files[::-1], store=store).corpus_hash == profile.corpus_hash
    # The corpus's 300 good documents are the UDHR articles of its 10 languages: their distinct
    # ids, from the raw library.
    distinct = {i for text in udhr(LANGUAGES).texts for i in reference_encoder("llama3")(text)}
    utilisation = corpus_metrics.vocab_utilisation(profile).row(0, named=True)
    assert (utilisation["distinct_tokens"], utilisation["vocab_size"]) == (len(distinct), 128256)


def test_a_parquet_file_of_another_shape_is_refused_clearly(tmp_path: Path) -> None:
    other = tmp_path / "summary.parquet"
    pl.DataFrame({"tokenizer": ["gpt2"], "tokens": [3]}).write_parquet(other)
    with pytest.raises(
        ResultsError,
        match=r"summary.parquet is not a tokenlab results file: it has no "
        r"byte_fallback_tokens, bytes, characters, continuation_tokens, doc_id",
    ):
        tokenlab.open_results(other, store=Store(MEMORY))
    with pytest.raises(ResultsError, match=re.escape("notes.parquet is not a Parquet file tokenlab can read")):
        tokenlab.open_uploaded_results([("notes.parquet", b"just some text")], store=Store(MEMORY))


def test_a_results_column_of_the_wrong_type_is_named(local_run: tuple[Path, Store], tmp_path: Path) -> None:
    counts = pl.read_parquet(ResultsDir(local_run[0]).counts_file("llama3", "part-0.parquet"))
    bad = tmp_path / "bad.parquet"
    counts.with_columns(pl.col("tokens").cast(pl.String)).write_parquet(bad)
    with pytest.raises(ResultsError, match="looks like tokenlab results but tokens is VARCHAR, not BIGINT"):
        tokenlab.open_results(bad, store=Store(MEMORY))


def test_a_damaged_upload_is_named_by_its_file_name_never_by_a_server_path(local_run: tuple[Path, Store]) -> None:
    data = ResultsDir(local_run[0]).counts_file("llama3", "part-0.parquet").read_bytes()
    with pytest.raises(ResultsError) as refused:
        tokenlab.open_uploaded_results([("cut.parquet", data[: len(data) // 2])], store=Store(MEMORY))
    assert str(refused.value) == (
        "cut.parquet is not a Parquet file tokenlab can read (Invalid Input Error: No magic bytes found at end of "
        "file 'cut.parquet'). Open the files that `python -m tokenlab profile --out DIR` writes in DIR/counts "
        "and DIR/usage."
    )


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("tokens", -1, "The counts files hold a tokens of -1, which no run writes: counts go from 0 to "),
        ("characters", 2**50, "The counts files hold a characters of 1,125,899,906,842,624, which no run writes"),
        ("group_name", None, "The counts files have 80 rows without a group_name."),
    ],
    ids=["negative", "overflowing", "null-group"],
)
def test_results_with_values_no_run_writes_are_refused_at_open(
    local_run: tuple[Path, Store], column: str, value: object, message: str
) -> None:
    """A Parquet file with counts that overflow the metrics' sums once reached the page as a DuckDB
    conversion error; now the file is refused before it is loaded."""
    counts = pl.read_parquet(ResultsDir(local_run[0]).counts_file("llama3", "part-0.parquet"))
    dtype = counts.schema[column]
    data = io.BytesIO()
    counts.with_columns(pl.lit(value, dtype=dtype).alias(column)).write_parquet(data)
    with pytest.raises(ResultsError, match=f"^{re.escape(message)}"):
        tokenlab.open_uploaded_results([("edited.parquet", data.getvalue())], store=Store(MEMORY))


def test_the_same_file_twice_is_refused(local_run: tuple[Path, Store]) -> None:
    data = ResultsDir(local_run[0]).counts_file("llama3", "part-0.parquet").read_bytes()
    with pytest.raises(ResultsError, match="twice for llama3"):
        tokenlab.open_uploaded_results([("a.parquet", data), ("copy.parquet", data)], store=Store(MEMORY))


def test_a_directory_of_another_run_is_refused(local_run: tuple[Path, Store], corpus_dir: Path) -> None:
    with pytest.raises(ResultsError, match=r"holds the results of another run \(id_column 'article' there, None now\)"):
        profile_to_directory(
            str(corpus_dir), ["gpt2"], local_run[0], group_column="lang", text_column="text", store=Store(MEMORY)
        )


def test_cli_writes_results_and_prints_skipped_ids(
    corpus_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, db = tmp_path / "run", str(tmp_path / "cli.duckdb")
    assert (
        main(
            [
                "profile",
                "--corpus",
                f"{corpus_dir}/part-1.parquet",
                "-t",
                "gpt2",
                "--group-column",
                "lang",
                "--db",
                db,
                "--out",
                f"{out}/",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0] == f"part-1: 1 shard x 3 tokenizers (gpt2, utf8-bytes, unicode-chars): 1 counted now, "
        f"0 already done, 100 documents -> {out}"
    )
    assert lines[1:] == [
        f"skipped 2 records that cannot be counted (all in {out / 'skipped'}):",
        "  part-1.parquet:100: no text (null or missing)",
        "  part-1.parquet:101: the text is not valid UTF-8",
    ]
    assert (
        main(["metrics", "--results", str(out), "-t", "gpt2", "--metric", "compression", "--by", "corpus", "--db", db])
        == 0
    )
    table = capsys.readouterr().out.splitlines()
    assert table[1].split()[:3] == ["gpt2", "(all)", "100"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--engine", "ray", "--out", "summary.csv"],
            "error: --engine ray writes per-document results: give --out DIR/",
        ),
        (["--out", "r.xlsx"], "error: --out r.xlsx: write a .parquet or .csv file, or name a directory"),
    ],
)
def test_profile_output_errors_are_one_line(
    corpus_dir: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["profile", "--corpus", str(corpus_dir), "-t", "gpt2", *argv]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith(message)


def test_without_ray_the_cli_says_how_to_install_it(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where Ray is not installed
    assert (
        main(["profile", "--corpus", str(corpus_dir), "-t", "gpt2", "--engine", "ray", "--out", str(tmp_path / "run")])
        == 1
    )
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: The Ray engine needs Ray, which is not installed. Install it with "
        "`pip install -r requirements-ray.txt`, or use --engine local."
    )


def test_the_library_the_cli_and_the_app_never_import_ray() -> None:
    code = (
        "import sys, tokenlab, tokenlab.cli, tokenlab.engine.results_run, ui.results; "
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'ray'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_a_counts_file_is_done_only_for_the_stamp_it_was_written_with(tmp_path: Path) -> None:
    results = ResultsDir(tmp_path)
    frame = pl.from_arrow(RESULT_SCHEMA.empty_table())
    results.write_counts("gpt2", "a.jsonl", frame, stamp_of("10:5", "key"))
    assert results.is_done("gpt2", "a.jsonl", stamp_of("10:5", "key"))
    assert not results.is_done("gpt2", "a.jsonl", stamp_of("11:5", "key"))  # the shard changed
    assert not results.is_done("gpt2", "a.jsonl", stamp_of("10:5", "other"))  # the tokenizer changed
    assert not results.is_done("gpt2", "b.jsonl", stamp_of("10:5", "key"))
    results.write_counts("gpt2", "b.jsonl", frame)  # the local engine's files carry no stamp
    assert not results.is_done("gpt2", "b.jsonl", stamp_of("10:5", "key"))
    results.counts_file("gpt2", "a.jsonl").write_bytes(b"PAR1 damaged")
    assert not results.is_done("gpt2", "a.jsonl", stamp_of("10:5", "key"))
