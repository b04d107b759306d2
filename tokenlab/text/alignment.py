"""Which tokens belong to which word units, from the token offsets of the in-context encoding.

Two different questions, often conflated as "continued words":

- a word unit is *split* when more than one token overlaps it;
- a token is a *continuation* token when it overlaps a word unit that an earlier token
  already overlapped (it continues a word instead of starting one).

    "unbelievably fast" as ["un", "believ", "ably", " fast"]:
    units "unbelievably", "fast" -> 1 of 2 split; "believ", "ably" -> 2 of 4 continuation

Tokens that cover only whitespace overlap no unit and are neither. Spans are half-open
character ranges; every array is sorted by position, so one `searchsorted` per side finds
each unit's tokens for a whole batch of documents at once.
"""

from __future__ import annotations

import numpy as np


def tokens_per_unit(
    token_starts: np.ndarray, token_ends: np.ndarray, unit_starts: np.ndarray, unit_ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each unit, the index of its first overlapping token and how many tokens overlap it."""
    # Normalizers can make offsets dip by a character; the running maximum keeps them sorted.
    ends = np.maximum.accumulate(token_ends) if len(token_ends) else token_ends
    starts = np.maximum.accumulate(token_starts) if len(token_starts) else token_starts
    first = np.searchsorted(ends, unit_starts, side="right")  # first token ending after the unit starts
    stop = np.searchsorted(starts, unit_ends, side="left")  # tokens starting before the unit ends
    return first, np.maximum(stop - first, 0)


def continuation_mask(n_tokens: int, first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """True for every token that overlaps a unit after the unit's first token."""
    split = count > 1
    # +1 after each split unit's first token, -1 after its last; bincount is np.add.at, fast.
    opens = np.bincount(first[split] + 1, minlength=n_tokens + 1)
    closes = np.bincount(first[split] + count[split], minlength=n_tokens + 1)
    return np.cumsum(opens[:n_tokens] - closes[:n_tokens]) > 0
