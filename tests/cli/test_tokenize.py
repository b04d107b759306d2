"""`python -m tokenlab`: exact output for the catalogue and for tokenized text."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from tokenlab.cli import main


def test_tokenizers_prints_the_catalogue_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenizers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "name", "algorithm", "vocab_size", "licence"]
    assert len(lines) == 24
    assert lines[3].startswith("o200k_base ") and "200,019" in lines[3]


def test_tokenizers_json_lists_twenty_three_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenizers", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 23 and rows[0]["id"] == "gpt2" and rows[0]["vocab_size"] == 50257


def test_tokenize_prints_ids_offsets_and_pieces(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--tokenizer", "o200k_base", "Hello world"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "o200k_base: 2 tokens, 11 characters, 11 bytes",
        "    #      id  start    end  piece",
        '    0   13225      0      5  "Hello"',
        '    1    2375      5     11  " world"',
    ]


def test_tokenize_marks_partial_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "-t", "gpt2", "😀"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "gpt2: 2 tokens, 1 character, 4 bytes",
        "    #      id  start    end  piece",
        '    0   47249      0      1  "<0xF0><0x9F><0x98>"  (partial)',
        '    1     222      0      1  "<0x80>"  (partial)',
    ]


def test_tokenize_json_reads_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("你好"))
    assert main(["tokenize", "--tokenizer", "o200k_base", "--json", "-"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["count"] == 1
    assert result["tokens"] == [
        {
            "id": 177519,
            "start": 0,
            "end": 2,
            "piece": "你好",
            "bytes_hex": "e4bda0e5a5bd",
            "partial": False,
            "kind": "normal",
        }
    ]


def test_unknown_tokenizer_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "--tokenizer", "gpt-9", "hi"]) == 1
    assert capsys.readouterr().err.startswith("error: Unknown tokenizer 'gpt-9'. Bundled tokenizers: gpt2,")


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tokenlab", "tokenize", "-t", "bert-base-uncased", "Hello, world"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[0] == "bert-base-uncased: 3 tokens, 12 characters, 12 bytes"


def test_tokenize_format_csv_has_one_row_per_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tokenize", "-t", "o200k_base", "--format", "csv", "Hello world"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tokenizer,index,id,start,end,text,piece,bytes_hex,partial,kind",
        "o200k_base,0,13225,0,5,Hello,Hello,48656c6c6f,False,normal",
        "o200k_base,1,2375,5,11, world, world,20776f726c64,False,normal",
    ]
    assert main(["tokenize", "-t", "o200k_base", "--format", "json", "Hi"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 1
