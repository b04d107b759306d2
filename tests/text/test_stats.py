"""Efficiency metrics: exact counts and ratios for known segmentations."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab.text.stats import cost, count_units, dollars, segmentation_stats
from tokenlab.text.word_units import WordUnit


def test_hello_world_with_o200k() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("o200k_base").segment("Hello world"))
    assert (stats.tokens, stats.characters, stats.bytes, stats.words) == (2, 11, 11, 2)
    assert (stats.chars_per_token, stats.bytes_per_token, stats.tokens_per_word) == (5.5, 5.5, 1.0)


def test_bytes_count_utf8_and_characters_count_code_points() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("gpt2").segment("你好 😀"))
    assert (stats.characters, stats.bytes, stats.words, stats.tokens) == (4, 11, 1, 6)  # one word: 你好
    assert (stats.unit, stats.coverage) == ("icu_word", 1.0)


def test_relative_to_reference_and_format_tokens() -> None:
    text = "Hello, world! This is a test."
    bert = segmentation_stats(tokenlab.load_tokenizer("bert-base-uncased").segment(text), format_tokens=2)
    o200k = segmentation_stats(tokenlab.load_tokenizer("o200k_base").segment(text))
    assert bert.tokens_with_format == bert.tokens + 2
    assert bert.relative_to(o200k) == bert.tokens / o200k.tokens


def test_empty_text_has_undefined_ratios() -> None:
    stats = segmentation_stats(tokenlab.load_tokenizer("gpt2").segment(""))
    assert (stats.chars_per_token, stats.bytes_per_token, stats.tokens_per_word) == (None, None, None)


def test_words_are_the_units_of_the_texts_script() -> None:
    assert count_units("Hello,  world!\n\tagain")[0] == 3
    words, choice = count_units("人人生而自由")
    assert (words, choice.unit) == (4, WordUnit.ICU_WORD)  # 人 | 人生 | 而 | 自由


def test_coverage_counts_unknown_and_stripped_characters() -> None:
    bert = tokenlab.load_tokenizer("bert-base-uncased")
    thai = segmentation_stats(bert.segment("มนุษย์ทั้งหลาย Hello"))
    assert (thai.unknown_chars, thai.dropped_chars, thai.characters) == (14, 0, 20)
    assert thai.coverage == pytest.approx(6 / 20) and thai.flagged
    vietnamese = segmentation_stats(bert.segment("Việt Nam"))  # ệ loses two marks, no character is unknown
    assert (vietnamese.unknown_chars, vietnamese.dropped_chars) == (0, 2)
    assert segmentation_stats(tokenlab.load_tokenizer("o200k_base").segment("Việt Nam")).coverage == 1.0


def test_dollars_are_shown_to_the_cent_with_separators() -> None:
    assert [dollars(amount) for amount in (1234.567, 5.0, 0.005, 0.0049, 0.0, 1e7)] == [
        "$1,234.57",
        "$5.00",
        "$0.01",
        "< $0.01",
        "$0.00",
        "$10,000,000.00",
    ]


def test_cost_per_million_tokens() -> None:
    assert cost(2000, 2.5) == pytest.approx(0.005)
    assert cost(2000, 2.5, repeats=1000) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="cannot be negative"):
        cost(10, -1.0)
