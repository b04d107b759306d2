"""`python -m tokenlab profile` and `metrics`: files written, tables printed, errors in one line."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tokenlab.cli import main


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.duckdb")


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_profile_writes_the_summary(tmp_path: Path, db: str, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"results{suffix}"
    argv = ["profile", "--corpus", "udhr", "--tokenizers", "o200k_base,gpt2", "--languages", "eng,fra",
            "--db", db, "--out", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"udhr:eng,fra: 4 tokenizers x 2 groups -> {out}\n"
    frame = pl.read_parquet(out) if suffix == ".parquet" else pl.read_csv(out)
    assert frame.select("tokenizer", "group").rows() == [
        (t, g) for t in ("o200k_base", "gpt2", "utf8-bytes", "unicode-chars") for g in ("eng", "fra")]
    assert frame.row(0, named=True)["tokens"] == 1524


def test_metrics_prints_an_aligned_table(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["metrics", "--corpus", "udhr", "-t", "o200k_base", "--languages", "eng", "--db", db,
            "--metric", "compression", "--no-baselines"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tokenizer   group  documents  tokens  characters  bytes  chars_per_token  bytes_per_token  tokens_per_1k_chars",
        "o200k_base  eng           30   1,524       8,247  8,257            5.411            5.418              184.794",
    ]


def test_metrics_gini_summarises_parity_across_languages(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["metrics", "--corpus", "udhr", "-t", "gpt2", "--languages", "eng,fra,deu_1996", "--db", db,
            "--metric", "gini", "--no-baselines"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["tokenizer", "languages", "gini"] and lines[1].split()[:2] == ["gpt2", "3"]


def test_metrics_reads_a_csv_file(tmp_path: Path, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("body,lang\nHello world,en\nBonjour le monde,fr\n", encoding="utf-8")
    argv = ["metrics", "--corpus", str(path), "--text-column", "body", "--group-column", "lang", "-t", "o200k_base",
            "--db", db, "--metric", "fertility", "--no-baselines"]
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "o200k_base  en     word      2       2      1.000",
        "o200k_base  fr     word      3       3      1.000",
    ]


@pytest.mark.parametrize(("argv", "message"), [
    (["profile", "--corpus", "shakespeare", "-t", "gpt2"], "error: Unknown corpus 'shakespeare'"),
    (["profile", "--corpus", "udhr", "-t", "gpt-9", "--languages", "eng"], "error: Unknown tokenizer 'gpt-9'"),
    (["profile", "--corpus", "udhr", "-t", "gpt2", "--out", "r.xlsx"], "error: --out r.xlsx: write a .parquet or .csv"),
    (["metrics", "--corpus", "missing.csv", "-t", "gpt2"], "error: Cannot read missing.csv"),
])
def test_user_errors_are_one_line(db: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--db", db]) == 1
    assert capsys.readouterr().err.splitlines()[-1].startswith(message)
