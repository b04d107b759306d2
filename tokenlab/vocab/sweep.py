"""Compression against vocabulary size on the user's corpus, beside the paper's f(V).

Byte-level BPE (and optionally a superword variant, `vocab.bpe`) is trained on a bounded sample
at each size V and measured on held-out documents as characters per token. The scaling-law
paper assumes tokens per character f(V) fitted on English SlimPajama (`scaling.tokens_per_char`);
where the corpus compresses worse than 1/f(V), a budget of H characters is more tokens than
the paper's D = H f(V):

    extra tokens = (1 / measured chars per token) / f(V) - 1

Training runs one size at a time, reports progress after each, and stops starting new sizes
once `time_limit_s` has passed (the sizes left are named in `stopped`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl
from tokenizers import Tokenizer

from tokenlab.scaling.laws import tokens_per_char
from tokenlab.tokenizers.base import Tokenizer as TokenlabTokenizer
from tokenlab.vocab.bpe import train_bpe, train_superword
from tokenlab.vocab.errors import VocabLabError

BPE = "BPE"
SUPERWORD = "superword BPE"
#: Sizes the app offers; the benchmark runs 1K-32K.
SWEEP_SIZES = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000)
DEFAULT_TIME_LIMIT_S = 120.0
#: Largest training sample the app accepts (characters): 32K merges on 5 MB take seconds.
MAX_SAMPLE_CHARS = 5_000_000


@dataclass(frozen=True)
class SweepPoint:
    """One trained tokenizer measured on the held-out text."""

    variant: str
    target_size: int
    vocab_size: int  # entries actually learned (fewer when the sample runs out of pairs)
    chars_per_token: float
    seconds: float


@dataclass(frozen=True)
class SweepResult:
    """The points of a sweep, the sample it used, and every trained tokenizer as tokenizer.json."""

    points: tuple[SweepPoint, ...]
    train_chars: int
    held_out_chars: int
    stopped: str | None = None
    tokenizer_json: dict[tuple[str, int], str] = field(default_factory=dict, repr=False)


def short_of_size(result: SweepResult) -> str | None:
    """Why trained vocabularies came out smaller than asked (else None): BPE merges pieces inside
    the pre-tokenizer's chunks (words), and stops when every distinct chunk of the sample is one
    entry, so a small sample caps the vocabulary it can learn."""
    short = [point for point in result.points if point.vocab_size < point.target_size]
    if not short:
        return None
    sizes = "; ".join(f"{p.variant} {p.target_size:,} learned {p.vocab_size:,} entries" for p in short)
    return (
        f"{sizes}: BPE merges pieces within words and stops once every distinct word of the training text is a "
        f"single entry, which the {result.train_chars:,} characters of this sample reach first. Train on more "
        "text (a larger sample, more languages, a longer file) to reach these sizes."
    )


def chars_per_token(tokenizer: Tokenizer, documents: Sequence[str]) -> float:
    """Characters of `documents` per token of a `tokenizers.Tokenizer` (no special tokens)."""
    tokens = sum(len(encoding.ids) for encoding in tokenizer.encode_batch(list(documents), add_special_tokens=False))
    if not tokens:
        raise VocabLabError("The held-out text made no tokens; add more text.")
    return sum(map(len, documents)) / tokens


def corpus_chars_per_token(tokenizer: TokenlabTokenizer, documents: Sequence[str]) -> float:
    """Characters of `documents` per token of a bundled tokenizer, measured like `chars_per_token`."""
    tokens = sum(map(len, tokenizer.encode_batch(list(documents))))
    if not tokens:
        raise VocabLabError("The held-out text made no tokens; add more text.")
    return sum(map(len, documents)) / tokens


def sweep(
    train: Sequence[str],
    held_out: Sequence[str],
    sizes: Sequence[int] = SWEEP_SIZES,
    *,
    superword_from: int | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    progress: Callable[[float, str], None] | None = None,
) -> SweepResult:
    """Train and measure ordinary BPE at every size in `sizes`, and superword BPE from the
    transition size `superword_from` at every larger size (when given)."""
    sizes = sorted(set(sizes))
    train_chars = sum(map(len, train))
    if not sizes:
        raise VocabLabError("Pick at least one vocabulary size.")
    if train_chars > MAX_SAMPLE_CHARS:
        raise VocabLabError(
            f"The training sample has {train_chars:,} characters; the sweep takes at most {MAX_SAMPLE_CHARS:,}."
        )
    superword_sizes = [size for size in sizes if superword_from is not None and size > superword_from]
    steps = [(BPE, size) for size in sizes] + [(SUPERWORD, size) for size in superword_sizes]
    started = time.monotonic()
    points: list[SweepPoint] = []
    saved: dict[tuple[str, int], str] = {}
    stage1: Tokenizer | None = None
    for done, (variant, size) in enumerate(steps):
        if time.monotonic() - started > time_limit_s:
            left = ", ".join(f"{v} {s:,}" for v, s in steps[done:])
            return SweepResult(
                tuple(points),
                train_chars,
                sum(map(len, held_out)),
                f"Stopped at the {time_limit_s:g} s limit before: {left}.",
                saved,
            )
        if progress:
            progress(done / len(steps), f"Training {variant} at V = {size:,} ({done + 1} of {len(steps)})")
        step_started = time.monotonic()
        if variant == BPE:
            tokenizer = train_bpe(train, size)
        else:
            assert superword_from is not None  # superword steps exist only with a transition size
            stage1 = stage1 or train_bpe(train, superword_from)
            tokenizer = train_superword(list(train), stage1, size)
        measured = chars_per_token(tokenizer, held_out)
        points.append(SweepPoint(variant, size, tokenizer.get_vocab_size(), measured, time.monotonic() - step_started))
        saved[variant, size] = tokenizer.to_str()
    if progress:
        progress(1.0, f"Trained {len(steps)} tokenizers in {time.monotonic() - started:.1f} s")
    return SweepResult(tuple(points), train_chars, sum(map(len, held_out)), None, saved)


def sweep_table(result: SweepResult) -> pl.DataFrame:
    """One row per point: measured chars/token beside the paper's 1/f(V), and how many more
    tokens a character budget costs on this corpus than f(V) predicts."""
    rows = []
    for point in result.points:
        paper = 1 / tokens_per_char(point.vocab_size)
        rows.append(
            {
                "variant": point.variant,
                "V": point.vocab_size,
                "chars/token": point.chars_per_token,
                "paper chars/token": paper,
                "extra tokens vs f(V)": paper / point.chars_per_token - 1,
                "tokens per 1M chars": 1e6 / point.chars_per_token,
                "train s": point.seconds,
            }
        )
    return pl.DataFrame(rows)
