"""`python -m tokenlab profile` and `metrics`: files written, tables printed, errors in one line."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.other_process import OtherProcess
from tests.reference import reference_encoder
from tests.shard_corpus import write_shard_corpus
from tokenlab import settings
from tokenlab.cli import main
from tokenlab.corpora import udhr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.duckdb")


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_profile_writes_the_summary(tmp_path: Path, db: str, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"results{suffix}"
    argv = [
        "profile",
        "--corpus",
        "udhr",
        "--tokenizers",
        "o200k_base,gpt2",
        "--languages",
        "eng,fra",
        "--db",
        db,
        "--out",
        str(out),
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"udhr:eng,fra: 4 tokenizers x 2 groups -> {out}\n"
    frame = pl.read_parquet(out) if suffix == ".parquet" else pl.read_csv(out)
    assert frame.select("tokenizer", "group").rows() == [
        (t, g) for t in ("o200k_base", "gpt2", "utf8-bytes", "unicode-chars") for g in ("eng", "fra")
    ]
    assert frame.row(0, named=True)["tokens"] == 1524


def test_metrics_prints_an_aligned_table(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "metrics",
        "--corpus",
        "udhr",
        "-t",
        "o200k_base",
        "--languages",
        "eng",
        "--db",
        db,
        "--metric",
        "compression",
        "--no-baselines",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tokenizer   group  documents  tokens  characters  bytes  chars_per_token  bytes_per_token  "
        "tokens_per_1k_chars",
        "o200k_base  eng           30   1,524       8,247  8,257            5.411            5.418              "
        "184.794",
    ]


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_console(command: str) -> list[str]:
    """The lines the README prints after `$ <command>` (its continuation lines skipped), up to a blank line."""
    lines = README.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"$ {command}"))
    while lines[at].endswith("\\"):
        at += 1
    block = lines[at + 1 :]
    return block[: next(i for i, line in enumerate(block) if not line.strip() or line == "```")]


def test_metrics_parity_prints_what_the_readme_shows(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Parity with its 95% interval, to three decimals, exactly as the README promises (the
    interval's formula is checked against numpy in tests/metrics/test_corpus_metrics.py)."""
    argv = ["metrics", "--corpus", "udhr-subset", "--tokenizers", "o200k_base,llama3,gemma3"]
    argv += ["--languages", "eng,fra,hin,tam", "--metric", "parity", "--db", db]
    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = _readme_console("python -m tokenlab metrics --corpus udhr-subset --tokenizers o200k_base,llama3,gemma3")
    assert len(shown) == 13  # the header and 3 tokenizers x 4 languages; the README cuts the baselines
    assert printed[:13] == shown
    assert [line.split()[:2] for line in printed[13:]] == [
        [baseline, group] for baseline in ("utf8-bytes", "unicode-chars") for group in ("eng", "fra", "hin", "tam")
    ]


def test_metrics_gini_summarises_parity_across_languages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "metrics",
        "--corpus",
        "udhr",
        "-t",
        "gpt2",
        "--languages",
        "eng,fra,deu_1996",
        "--db",
        db,
        "--metric",
        "gini",
        "--no-baselines",
    ]
    assert main(argv) == 0
    # Over the languages other than the reference eng: fra and deu_1996, each with all 30 articles.
    # Gini of two values: |x1 - x2| / (2 * 2 * mean) (the pairwise formula, each pair counted twice).
    tokens = {
        code: sum(len(reference_encoder("gpt2")(text)) for text in udhr([code]).texts) for code in argv[6].split(",")
    }
    fra, deu = tokens["fra"] / tokens["eng"], tokens["deu_1996"] / tokens["eng"]
    gini = abs(fra - deu) / (4 * (fra + deu) / 2)
    assert capsys.readouterr().out.splitlines() == [
        "tokenizer  languages  left_out   gini",
        f"gpt2               2         0  {gini:.3f}",
    ]
    assert f"{gini:.3f}" == "0.033"


def test_parity_as_csv_carries_coverage_so_bert_thai_is_never_cheap_unmarked(
    db: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = ["metrics", "--corpus", "udhr", "-t", "bert-base-uncased", "--languages", "eng,tha,lao,khm", "--db", db]
    assert main([*argv, "--metric", "parity", "--format", "csv", "--no-baselines"]) == 0
    frame = pl.read_csv(io.BytesIO(capsysbinary.readouterr().out))
    assert frame.columns == [
        "tokenizer", "group", "reference", "articles", "tokens", "reference_tokens", "parity", "ci_low", "ci_high",
        "coverage", "flagged",
    ]  # fmt: skip
    cheap = frame.filter(pl.col("parity") < 1)
    assert sorted(cheap.get_column("group")) == ["khm", "lao", "tha"] and cheap.get_column("flagged").all()
    assert cheap.get_column("coverage").max() < 0.05
    assert main([*argv, "--metric", "compression", "--format", "json", "--no-baselines"]) == 0
    rows = json.loads(capsysbinary.readouterr().out)
    assert [(r["group"], r["flagged"]) for r in rows] == [("eng", False), ("khm", True), ("lao", True), ("tha", True)]
    assert set(rows[0]) == {
        "tokenizer", "group", "documents", "tokens", "characters", "bytes", "chars_per_token", "bytes_per_token",
        "tokens_per_1k_chars", "coverage", "flagged",
    }  # fmt: skip


def test_metrics_reads_a_csv_file(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("body,lang\nHello world,en\nBonjour le monde,fr\n", encoding="utf-8")
    argv = [
        "metrics",
        "--corpus",
        str(path),
        "--text-column",
        "body",
        "--group-column",
        "lang",
        "-t",
        "o200k_base",
        "--db",
        db,
        "--metric",
        "fertility",
        "--no-baselines",
    ]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "o200k_base  en     word      2       2      1.000",
        "o200k_base  fr     word      3       3      1.000",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "--corpus", "shakespeare", "-t", "gpt2"], "error: Unknown corpus 'shakespeare'"),
        (["profile", "--corpus", "udhr", "-t", "gpt-9", "--languages", "eng"], "error: Unknown tokenizer 'gpt-9'"),
        (
            ["profile", "--corpus", "udhr", "-t", "gpt2", "--out", "r.xlsx"],
            "error: --out r.xlsx: write a .parquet or .csv",
        ),
        (["metrics", "--corpus", "missing.csv", "-t", "gpt2"], "error: Cannot read missing.csv"),
    ],
)
def test_user_errors_are_one_line(db: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--db", db]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith(message)


@pytest.mark.parametrize("named_by", ["--db", "TOKENLAB_DB"])
def test_a_cache_held_by_another_process_is_noted_and_the_run_counts_in_memory(
    tmp_path: Path, named_by: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "profiles.duckdb"
    argv = ["metrics", "--corpus", "udhr", "-t", "gpt2", "--languages", "eng", "--metric", "compression"]
    if named_by == "--db":
        argv += ["--db", str(cache)]
    else:
        monkeypatch.setenv("TOKENLAB_DB", str(cache))
    server = OtherProcess(cache)
    try:
        assert main([*argv, "--no-baselines"]) == 0
    finally:
        server.exit()
    captured = capsys.readouterr()
    assert (
        f"note: the profile cache {cache} is in use by another program, so this run's results are kept in memory "
        "and not saved (name another file with --db or TOKENLAB_DB)."
    ) in captured.err.splitlines()
    assert captured.out.splitlines()[1].split()[:4] == ["gpt2", "eng", "30", "1,541"]


def test_profile_exits_1_when_a_shard_cannot_be_read(
    tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The local engine reads the corpus whole: an unreadable shard stops the run before anything is
    written (the Ray engine's shard-by-shard run: tests/engine/test_ray_engine.py)."""
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    write_shard_corpus(tmp_path / "full")
    shutil.copyfile(tmp_path / "full" / "part-0.parquet", corpus / "good.parquet")
    (corpus / "broken.parquet").write_bytes(b"PAR1 cut short")
    out = tmp_path / "out"
    argv = ["profile", "--corpus", str(corpus), "-t", "o200k_base", "--group-column", "lang"]
    assert main([*argv, "--no-baselines", "--db", db, "--out", f"{out}/"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1].split("\r")[-1] == (
        "error: broken.parquet could not be read as a Parquet file (Parquet magic bytes not found in footer. "
        "Either the file is corrupted or this is not a parquet file.). Check the file, or move it out of the corpus."
    )
    assert not out.exists()


def test_tokenlab_db_names_the_cache_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db, the run is cached in TOKENLAB_DB's file, and nothing is written to the user cache."""
    cache = tmp_path / "chosen.duckdb"
    monkeypatch.setenv("TOKENLAB_DB", str(cache))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "user-cache" / "tokenlab")
    argv = ["metrics", "--corpus", "udhr", "-t", "gpt2", "--languages", "eng", "--metric", "compression"]
    assert main([*argv, "--no-baselines"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split()[:4] == ["gpt2", "eng", "30", "1,541"]
    assert not (tmp_path / "user-cache").exists()
    with duckdb.connect(str(cache), read_only=True) as con:
        assert con.execute("SELECT tokenizer_id FROM runs").fetchall() == [("gpt2",)]
