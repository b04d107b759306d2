"""`python -m tokenlab decode` and `chat`: exact output, errors as one line and exit status 1."""

from __future__ import annotations

import io
import json
import sys

import pytest

from tokenlab.cli import main


def test_decode_prints_the_text_and_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "-t", "o200k_base", "[13225, 2375, 199999]"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Hello world<|endoftext|>",
        "    #      id  kind     bytes                     piece",
        '    1   13225  normal   48 65 6c 6c 6f            "Hello"',
        '    2    2375  normal   20 77 6f 72 6c 64         " world"',
        '    3  199999  special  3c 7c 65 6e 64 6f 66 74 65 78 74 7c 3e  "<|endoftext|>"',
    ]


def test_decode_json_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("1 22557\n1526"))
    assert main(["decode", "-t", "mistral-v1", "--json", "-"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["text"] == "Hello world"
    assert [row["piece"] for row in result["ids"]] == ["<s>", " Hello", " world"]


def test_decode_refuses_what_is_not_an_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", "-t", "gpt2", "15496 50257"]) == 1
    assert capsys.readouterr().err == (
        "error: GPT-2 / GPT-3 (r50k_base) has no token with id 50257 (item 2): its vocabulary has 50,257 entries, "
        "counted from 0. Check that the ids come from this tokenizer, or pick the one they came from.\n"
    )


def test_chat_counts_per_model_and_says_which_cannot(capsys: pytest.CaptureFixture[str]) -> None:
    turns = ["--turn", "system", "Be brief.", "--turn", "user", "What is 2+2?"]
    assert main(["chat", "--tokenizers", "qwen3,gemma2,llama3", *turns, "--show-prompt"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "tokenizer          total   turns  template",
        "qwen3                 20      10        10",
        "gemma2           Gemma 2's chat template refuses this conversation: System role not supported",
        "llama3           no chat template in its bundled files",
        "",
        "--- qwen3 ---",
        "<|im_start|>system",
        "Be brief.<|im_end|>",
        "<|im_start|>user",
        "What is 2+2?<|im_end|>",
    ]


def test_chat_reads_turns_as_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('[{"role": "user", "content": "Hi"}]'))
    assert main(["chat", "--tokenizers", "deepseek-v3", "--generation-prompt", "-"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "deepseek-v3            4       1         3"
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"role": "user"}'))
    assert main(["chat", "--tokenizers", "qwen3", "-"]) == 1
    assert capsys.readouterr().err == (
        'error: Standard input must be a JSON list of {"role": ..., "content": ...} turns.\n'
    )
