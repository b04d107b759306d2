"""Training byte-level BPE at several sizes: compression grows with V; tokenizers round-trip."""

from __future__ import annotations

from functools import cache

import pytest

import tokenlab
from tokenlab.vocab.bpe import train_bpe, train_superword, truncated
from tokenlab.vocab.corpus import bounded, split_held_out, text_documents, udhr_documents, udhr_languages
from tokenlab.vocab.errors import VocabLabError
from tokenlab.vocab.sweep import BPE, SUPERWORD, SweepResult, short_of_size, sweep, sweep_table

SIZES = (300, 600, 1200)


@cache
def sample() -> tuple[list[str], list[str]]:
    """About 200 KB of the UDHR (the first languages of the bundled subset), split 9:1."""
    return split_held_out(bounded(udhr_documents(list(udhr_languages())), 200_000))


@cache
def small_sweep() -> SweepResult:
    train, held_out = sample()
    return sweep(train, held_out, SIZES, superword_from=600)


def test_chars_per_token_grows_with_the_vocabulary() -> None:
    result = small_sweep()
    bpe = [point for point in result.points if point.variant == BPE]
    assert [point.vocab_size for point in bpe] == list(SIZES)
    measured = [point.chars_per_token for point in bpe]
    assert measured == sorted(measured) and measured[0] < measured[-1] * 0.8
    assert result.stopped is None and result.train_chars + result.held_out_chars == 200_000


def test_superword_tokens_span_words_and_compress_at_least_as_well() -> None:
    result = small_sweep()
    (superword,) = [point for point in result.points if point.variant == SUPERWORD]
    (bpe,) = [point for point in result.points if point.variant == BPE and point.target_size == 1200]
    assert superword.chars_per_token >= bpe.chars_per_token
    tokenizer = tokenlab.load_tokenizer_bytes(result.tokenizer_json[SUPERWORD, 1200].encode(), "superword.json")
    text = "Everyone has the right to life, liberty and security of person."
    assert tokenizer.decode(tokenizer.encode(text)) == text
    assert any(b" " in token.strip(b" ") for token in tokenizer.segment(text).token_bytes)  # a token crosses a space


def test_trained_tokenizers_open_in_tokenlab_and_round_trip() -> None:
    tokenizer = tokenlab.load_tokenizer_bytes(small_sweep().tokenizer_json[BPE, 600].encode(), "bpe-600.json")
    text = "Всеобщая декларация 123 👋🏽"
    assert tokenizer.decode(tokenizer.encode(text)) == text
    assert b"".join(tokenizer.segment(text).token_bytes) == text.encode()


def test_table_compares_with_the_paper() -> None:
    table = sweep_table(small_sweep())
    assert table.columns[:4] == ["variant", "V", "chars/token", "paper chars/token"]
    first = table.row(0, named=True)
    assert first["extra tokens vs f(V)"] == pytest.approx(first["paper chars/token"] / first["chars/token"] - 1)


def test_truncating_a_larger_training_equals_training_smaller() -> None:
    train, held_out = sample()
    small, large = train_bpe(train, 600), train_bpe(train, 1200)
    text = "\n".join(held_out)
    assert truncated(large, 600).encode(text).ids == small.encode(text).ids


def test_time_limit_stops_before_the_next_size() -> None:
    train, held_out = sample()
    result = sweep(train, held_out, SIZES, time_limit_s=0)
    assert result.points == () and result.stopped == "Stopped at the 0 s limit before: BPE 300, BPE 600, BPE 1,200."


def test_bad_inputs_are_rejected_with_a_reason() -> None:
    train, _ = sample()
    with pytest.raises(VocabLabError, match="needs more than 256 entries"):
        train_bpe(train, 200)
    with pytest.raises(VocabLabError, match="must exceed the transition size 600"):
        train_superword(train, train_bpe(train, 600), 500)
    with pytest.raises(VocabLabError, match="at least two documents"):
        split_held_out(text_documents("one short line"))


def test_a_sweep_short_of_its_sizes_says_why() -> None:
    documents = ["All human beings are born free and equal in dignity and rights."] * 3
    result = sweep(documents, documents, (300, 1000))
    assert [(point.target_size, point.vocab_size) for point in result.points] == [(300, 298), (1000, 298)]
    assert short_of_size(result) == (
        "BPE 300 learned 298 entries; BPE 1,000 learned 298 entries: BPE merges pieces within words and stops "
        "once every distinct word of the training text is a single entry, which the 189 characters of this "
        "sample reach first. Train on more text (a larger sample, more languages, a longer file) to reach these "
        "sizes."
    )
    assert short_of_size(small_sweep()) is None
