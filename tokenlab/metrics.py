"""What a segmentation costs: the efficiency numbers every view shows, defined once.

Each metric is a ratio of plain counts over the same text:

- characters per token and bytes per token (UTF-8): compression; higher means fewer tokens
  for the same text (as in the "compression rate" of Goldman et al. 2024, "Unpacking
  Tokenization");
- tokens per word, often called *fertility* (Rust et al. 2021, "How Good is Your Tokenizer?"):
  lower is better, 1.0 means every word is one token. Words are whitespace-separated runs,
  so scripts written without spaces (Chinese, Japanese, Thai) count a whole sentence as one
  word and get a high fertility; compare such languages with characters per token instead;
- relative to a reference: this tokenizer's count divided by the reference tokenizer's count
  for the same text (above 1.0: it needs more tokens).

    text "Hello world" (11 chars, 2 words), o200k_base -> 2 tokens:
    chars/token 5.5, bytes/token 5.5, tokens/word 1.0
"""

from __future__ import annotations

from dataclasses import dataclass

from tokenlab.segment import Segmentation


def count_words(text: str) -> int:
    """Whitespace-separated words: "Hello,  world!\\n" -> 2."""
    return len(text.split())


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
    def tokens_with_format(self) -> int:
        """Tokens plus the BOS/EOS/[CLS]/[SEP] the tokenizer's format adds."""
        return self.tokens + self.format_tokens

    def relative_to(self, reference: SegmentationStats) -> float | None:
        """Token count relative to `reference` on the same text (1.3 = 30 % more tokens)."""
        return _ratio(self.tokens, reference.tokens)


def segmentation_stats(segmentation: Segmentation, format_tokens: int = 0) -> SegmentationStats:
    """Counts of `segmentation` (format_tokens: how many specials its format would add)."""
    text = segmentation.text
    return SegmentationStats(
        tokenizer_id=segmentation.tokenizer_id,
        tokens=len(segmentation),
        characters=len(text),
        bytes=len(text.encode("utf-8")),
        words=count_words(text),
        format_tokens=format_tokens,
    )


def cost(tokens: int, price_per_million: float, repeats: int = 1) -> float:
    """Price of `tokens` input tokens sent `repeats` times: 2,000 tokens at $2.50/M -> $0.005."""
    if price_per_million < 0 or repeats < 0:
        raise ValueError("Prices and repeat counts cannot be negative.")
    return tokens * repeats * price_per_million / 1_000_000
