"""Efficiency metrics: exact counts and ratios for known segmentations."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab.metrics import cost, count_words, segmentation_stats


def test_hello_world_with_o200k() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("o200k_base").segment("Hello world"))
    assert (stats.tokens, stats.characters, stats.bytes, stats.words) == (2, 11, 11, 2)
    assert (stats.chars_per_token, stats.bytes_per_token, stats.tokens_per_word) == (5.5, 5.5, 1.0)


def test_bytes_count_utf8_and_characters_count_code_points() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("gpt2").segment("你好 😀"))
    assert (stats.characters, stats.bytes, stats.words, stats.tokens) == (4, 11, 2, 6)


def test_relative_to_reference_and_format_tokens() -> None:
    text = "Hello, world! This is a test."
    bert = segmentation_stats(tokenlab.load_tokenizer("bert-base-uncased").segment(text), format_tokens=2)
    o200k = segmentation_stats(tokenlab.load_tokenizer("o200k_base").segment(text))
    assert bert.tokens_with_format == bert.tokens + 2
    assert bert.relative_to(o200k) == bert.tokens / o200k.tokens


def test_empty_text_has_undefined_ratios() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("gpt2").segment(""))
    assert (stats.chars_per_token, stats.bytes_per_token, stats.tokens_per_word) == (None, None, None)


def test_words_are_whitespace_separated() -> None:
    assert count_words("Hello,  world!\n\tagain") == 3
    assert count_words("人人生而自由") == 1


def test_cost_per_million_tokens() -> None:
    assert cost(2000, 2.5) == pytest.approx(0.005)
    assert cost(2000, 2.5, repeats=1000) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="cannot be negative"):
        cost(10, -1.0)
