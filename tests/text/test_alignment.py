"""Which tokens overlap which word units: split units and continuation tokens, worked by hand."""

from __future__ import annotations

import numpy as np

from tokenlab.text.alignment import continuation_mask, tokens_per_unit


def arrays(*values: list[int]) -> list[np.ndarray]:
    return [np.array(v, dtype=np.int64) for v in values]


def test_the_module_docstring_example() -> None:
    # "unbelievably fast" as "un" | "believ" | "ably" | " fast"; units "unbelievably" and "fast".
    token_starts, token_ends, unit_starts, unit_ends = arrays([0, 2, 8, 12], [2, 8, 12, 17], [0, 13], [12, 17])
    first, count = tokens_per_unit(token_starts, token_ends, unit_starts, unit_ends)
    assert (first.tolist(), count.tolist()) == ([0, 3], [3, 1])
    assert continuation_mask(4, first, count).tolist() == [False, True, True, False]


def test_whitespace_tokens_overlap_no_unit_and_continue_nothing() -> None:
    # "a  b" as "a" | "  " | "b": the space token lies between the units.
    first, count = tokens_per_unit(*arrays([0, 1, 3], [1, 3, 4], [0, 3], [1, 4]))
    assert (first.tolist(), count.tolist()) == ([0, 2], [1, 1])
    assert continuation_mask(3, first, count).tolist() == [False, False, False]


def test_no_tokens_means_no_unit_is_covered() -> None:
    first, count = tokens_per_unit(*arrays([], [], [0, 4], [3, 7]))
    assert (first.tolist(), count.tolist()) == ([0, 0], [0, 0])
    assert continuation_mask(0, first, count).tolist() == []


def test_token_ends_that_dip_are_read_as_their_running_maximum() -> None:
    """A normalizer can give a token an end before the previous token's end: ends 3, 6, 5, 9
    are read as 3, 6, 6, 9, so the unit 5-9 starts in token 1 and is cut into tokens 1-3
    (a binary search over the raw ends would start it at token 3, one token)."""
    first, count = tokens_per_unit(*arrays([0, 3, 3, 6], [3, 6, 5, 9], [5], [9]))
    assert (first.tolist(), count.tolist()) == ([1], [3])


def test_token_starts_that_dip_are_read_as_their_running_maximum() -> None:
    """Starts 0, 6, 5, 8 are read as 0, 6, 6, 8: only token 0 starts before the unit 0-6 ends
    (a binary search over the raw starts would count three)."""
    first, count = tokens_per_unit(*arrays([0, 6, 5, 8], [6, 7, 8, 9], [0], [6]))
    assert (first.tolist(), count.tolist()) == ([0], [1])


def test_continuation_tokens_of_two_split_units() -> None:
    # Units cut 2 and 3 ways, with a one-token unit between: tokens 1, 4 and 5 continue a unit.
    first, count = arrays([0, 2, 3], [2, 1, 3])
    assert continuation_mask(6, first, count).tolist() == [False, True, False, False, True, True]
