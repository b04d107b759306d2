"""What a segmentation costs: the efficiency numbers every view shows, defined once.

Each metric is a ratio of plain counts over the same text:

- characters per token and bytes per token (UTF-8): compression; higher means fewer tokens
  for the same text (as in the "compression rate" of Goldman et al. 2024, "Unpacking
  Tokenization");
- tokens per word unit, often called *fertility* (Rust et al. 2021, "How Good is Your
  Tokenizer?"): lower is better, 1.0 means every unit is one token. The unit is the corpus
  metrics' (word_units.py), chosen by the text's script and spacing: whitespace words, ICU
  dictionary words for Chinese, Japanese, Thai, Lao, Khmer and Myanmar, Ethiopic words,
  Tibetan syllables, or grapheme clusters; `unit` names it;
- coverage: the share of characters that reach the model, not inside an unknown token nor
  dropped by a normalizer (coverage.py), as in the corpus metrics;
- relative to a reference: this tokenizer's count divided by the reference tokenizer's count
  for the same text (above 1.0: it needs more tokens).

    text "Hello world" (11 chars, 2 words), o200k_base -> 2 tokens:
    chars/token 5.5, bytes/token 5.5, tokens/word 1.0, coverage 1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tokenlab import settings
from tokenlab.text.coverage import coverage, segmentation_loss
from tokenlab.text.segment import Segmentation
from tokenlab.text.word_units import UnitChoice, unit_choice, unit_spans


@lru_cache(maxsize=8)  # every tokenizer's stats of one text share its units
def count_units(text: str) -> tuple[int, UnitChoice]:
    """Word units of `text` in the unit its script and spacing choose, and that choice:
    "人人生而自由" -> 4 (ICU dictionary words)."""
    choice = unit_choice(text)
    starts, _ = unit_spans(text, np.array([len(text)]), [choice.unit])
    return len(starts), choice


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class SegmentationStats:
    """Counts and efficiency ratios of one segmentation (ratios are None when undefined)."""

    tokenizer_id: str
    tokens: int
    characters: int
    bytes: int
    words: int
    format_tokens: int = 0
    unit: str = "word"
    unknown_chars: int = 0
    dropped_chars: int = 0

    @property
    def chars_per_token(self) -> float | None:
        return _ratio(self.characters, self.tokens)

    @property
    def bytes_per_token(self) -> float | None:
        return _ratio(self.bytes, self.tokens)

    @property
    def tokens_per_word(self) -> float | None:
        return _ratio(self.tokens, self.words)

    @property
    def coverage(self) -> float | None:
        """Share of the characters that reach the model (coverage.py)."""
        return coverage(self.characters, self.unknown_chars, self.dropped_chars)

    @property
    def flagged(self) -> bool:
        """Is coverage below settings.MIN_COVERAGE (the counts understate the cost)?"""
        value = self.coverage
        return value is not None and value < settings.MIN_COVERAGE

    @property
    def tokens_with_format(self) -> int:
        """Tokens plus the BOS/EOS/[CLS]/[SEP] the tokenizer's format adds."""
        return self.tokens + self.format_tokens

    def relative_to(self, reference: SegmentationStats) -> float | None:
        """Token count relative to `reference` on the same text (1.3 = 30 % more tokens)."""
        return _ratio(self.tokens, reference.tokens)


def segmentation_stats(segmentation: Segmentation, format_tokens: int = 0) -> SegmentationStats:
    """Counts of `segmentation` (format_tokens: how many specials its format would add)."""
    text = segmentation.text
    words, choice = count_units(text)
    unknown, dropped = segmentation_loss(segmentation)
    return SegmentationStats(
        tokenizer_id=segmentation.tokenizer_id,
        tokens=len(segmentation),
        characters=len(text),
        bytes=len(text.encode("utf-8")),
        words=words,
        format_tokens=format_tokens,
        unit=str(choice.unit),
        unknown_chars=unknown,
        dropped_chars=dropped,
    )


def cost(tokens: int, price_per_million: float, repeats: int = 1) -> float:
    """Price of `tokens` input tokens sent `repeats` times: 2,000 tokens at $2.50/M -> $0.005."""
    if price_per_million < 0 or repeats < 0:
        raise ValueError("Prices and repeat counts cannot be negative.")
    return tokens * repeats * price_per_million / 1_000_000


def dollars(amount: float) -> str:
    """Money as a presenter says it, to the cent: 1234.567 -> "$1,234.57"; a cost that rounds
    to nothing but is not nothing says so: 0.0004 -> "< $0.01"."""
    if 0 < amount < 0.005:
        return "< $0.01"
    return f"${amount:,.2f}"
