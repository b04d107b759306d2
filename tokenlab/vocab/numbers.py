"""How a tokenizer chunks numbers, found from its vocabulary and from probe numbers.

Arithmetic depends on it (Singh & Strouse 2024, "Tokenization counts"): Llama 3 and GPT-4o
split digit runs into chunks of up to 3 digits from the left (1234567 -> 123|456|7); Gemma
and Qwen split every digit; GPT-2 uses whatever merges BPE learned (1234567 -> 123|45|67).

    number_chunking(load_tokenizer("llama3")).verdict -> "up to 3 digits, left-to-right"
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from tokenlab.tokenizers.base import Tokenizer

#: Numbers of many lengths, some with repeats that BPE likes to merge (1000000, 2024).
PROBE_NUMBERS = ("7", "42", "2024", "12345", "1000000", "1234567", "12345678", "9876543210", "3141592653589793")


@dataclass(frozen=True)
class NumberChunking:
    """What the vocabulary holds for numbers and how the probe numbers were cut."""

    verdict: str
    chunk: int  # longest digit chunk seen in the probes
    digit_entries: int  # entries made only of ASCII digits (a leading space allowed)
    longest_digit_entry: int  # digits in the longest such entry
    complete: dict[int, tuple[int, int]]  # n -> (how many of the 10^n n-digit strings are entries, 10^n), n <= 3
    probes: dict[str, list[str]]  # probe number -> its digit chunks


def digit_chunks(tokenizer: Tokenizer, number: str) -> list[str]:
    """The digits of each token of `number` that has any ("1234567" -> ["123", "456", "7"])."""
    chunks = [
        "".join(ch for ch in token.decode("utf-8", "replace") if ch.isdigit())
        for token in tokenizer.segment(number).token_bytes
    ]
    return [chunk for chunk in chunks if chunk]


def _pattern(length: int, chunk: int, from_left: bool) -> list[int]:
    """Chunk lengths of a `length`-digit run cut every `chunk` digits from one side."""
    full, rest = divmod(length, chunk)
    tail = [rest] if rest else []
    return [chunk] * full + tail if from_left else tail + [chunk] * full


def _verdict(probes: dict[str, list[str]]) -> tuple[str, int]:
    lengths = {number: [len(chunk) for chunk in chunks] for number, chunks in probes.items()}
    chunk = max((n for chunks in lengths.values() for n in chunks), default=1)
    if chunk == 1:
        return "single digits", 1
    for from_left, side in ((True, "left-to-right"), (False, "right-to-left")):
        if all(found == _pattern(len(number), chunk, from_left) for number, found in lengths.items()):
            return f"up to {chunk} digits, {side}", chunk
    return "learned merges (irregular)", chunk


def number_chunking(tokenizer: Tokenizer, table: pl.DataFrame) -> NumberChunking:
    """The chunking of `tokenizer` (its `vocab.scripts.vocab_table` as `table`)."""
    texts = table.filter(pl.col("class") != "special").get_column("text")
    digits = {text.lstrip() for text in texts if text.lstrip().isascii() and text.lstrip().isdigit()}
    probes = {number: digit_chunks(tokenizer, number) for number in PROBE_NUMBERS}
    verdict, chunk = _verdict(probes)
    complete = {n: (sum(1 for d in digits if len(d) == n), 10**n) for n in (1, 2, 3)}
    return NumberChunking(verdict, chunk, len(digits), max(map(len, digits), default=0), complete, probes)
