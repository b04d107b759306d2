"""Number chunking found by probing real tokenizers."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab.vocab.numbers import number_chunking
from tokenlab.vocab.scripts import vocab_table


@pytest.mark.parametrize(
    ("tokenizer_id", "verdict", "complete_3"),
    [
        ("o200k_base", "up to 3 digits, left-to-right", 1000),
        ("llama3", "up to 3 digits, left-to-right", 1000),
        ("deepseek-v3", "up to 3 digits, left-to-right", 1000),
        ("gemma3", "single digits", 0),
        ("qwen3", "single digits", 0),
        ("llama2", "single digits", 0),
        ("gpt2", "learned merges (irregular)", 778),
    ],
)
def test_chunking_verdicts(tokenizer_id: str, verdict: str, complete_3: int) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    chunking = number_chunking(tokenizer, vocab_table(tokenizer))
    assert chunking.verdict == verdict
    assert chunking.complete[3] == (complete_3, 1000)


def test_probes_show_the_chunks() -> None:
    llama3, gemma3, gpt2 = (tokenlab.load_tokenizer(t) for t in ("llama3", "gemma3", "gpt2"))
    assert number_chunking(llama3, vocab_table(llama3)).probes["1234567"] == ["123", "456", "7"]
    assert number_chunking(gemma3, vocab_table(gemma3)).probes["12345"] == ["1", "2", "3", "4", "5"]
    assert number_chunking(gpt2, vocab_table(gpt2)).probes["1234567"] == ["123", "45", "67"]
