"""Batching shared by both profiling engines."""

from __future__ import annotations

import pytest

from tokenlab import settings
from tokenlab.doc_counts import batch_ranges


@pytest.mark.parametrize(("doc_chars", "expected"), [
    ([3, 3, 3, 3, 1], [(0, 2), (2, 4), (4, 5)]),  # a range closes once it reaches the limit
    ([3, 3], [(0, 2)]),  # no empty range after one that ends with the documents
    ([10, 1], [(0, 1), (1, 2)]),  # a document over the limit is a range of its own
    ([], []),
])
def test_batches_close_at_the_character_limit(monkeypatch: pytest.MonkeyPatch, doc_chars: list[int],
                                               expected: list[tuple[int, int]]) -> None:
    monkeypatch.setattr(settings, "PROFILE_BATCH_CHARS", 6)
    assert batch_ranges(doc_chars) == expected
    assert batch_ranges(iter(doc_chars)) == expected  # the Ray engine passes lengths as they are read
