"""Budgets in FLOPs, tokens or characters, and the measured characters per token."""

from __future__ import annotations

import math

import pytest

import tokenlab
from tokenlab.scaling.budget import flops_from_tokens, measured_chars_per_token, tokens_from_characters, udhr_english


def test_flops_count_the_output_layer_once() -> None:
    assert flops_from_tokens(7e9, 32000, 4096, 7.5e11) == 6 * (7e9 + 32000 * 4096) * 7.5e11


def test_characters_become_tokens() -> None:
    assert tokens_from_characters(3e12, 4.0) == 7.5e11


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0, 4.0), "Training characters"),
        ((3e12, math.nan), "Characters per token"),
        ((3e12, -1), "Characters per token"),
    ],
)
def test_bad_conversion_inputs_name_the_field(args: tuple[float, float], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        tokens_from_characters(*args)


def test_bad_tokens_are_rejected() -> None:
    with pytest.raises(ValueError, match="Training tokens must be positive"):
        flops_from_tokens(7e9, 32000, 4096, 0)


def test_udhr_english_is_the_whole_declaration() -> None:
    text = udhr_english()
    assert text.startswith("Whereas recognition of the inherent dignity")
    assert text.endswith("destruction of any of the rights and freedoms set forth herein.")
    assert "All human beings are born free and equal in dignity and rights." in text
    assert len(text) == 10_269


def test_measured_chars_per_token_counts_code_points_per_token() -> None:
    assert measured_chars_per_token(tokenlab.load_tokenizer("o200k_base"), "Hello world") == 5.5
    llama2 = tokenlab.load_tokenizer("llama2")
    text = udhr_english()
    assert measured_chars_per_token(llama2, text) == len(text) / len(llama2.encode(text))


def test_empty_text_cannot_be_measured() -> None:
    with pytest.raises(ValueError, match="empty"):
        measured_chars_per_token(tokenlab.load_tokenizer("gpt2"), "")
