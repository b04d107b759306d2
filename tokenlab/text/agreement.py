"""Where tokenizers agree on token boundaries, and where they do not.

A boundary is a character offset where one token ends and the next begins. Two tokenizers
"agree" at an offset when both cut there. For "unbelievable":

    tokenizer A: un|believ|able   boundaries {2, 8}
    tokenizer B: un|bel|ievable   boundaries {2, 5}
    union {2, 5, 8}; 2 is shared by both, 5 and 8 by one each; Jaccard(A, B) = 1/3.

Offsets inside a character (byte-level tokens splitting an emoji) are never boundaries:
spans are whole characters, so the partial tokens of one character share its edges.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tokenlab.text.segment import Segmentation


def boundaries(segmentation: Segmentation) -> set[int]:
    """Character offsets strictly inside the text where this segmentation cuts."""
    inside = range(1, len(segmentation.text))
    return {offset for offset in (*segmentation.starts, *segmentation.ends) if offset in inside}


def boundary_votes(segmentations: Sequence[Segmentation]) -> dict[int, list[str]]:
    """For every offset where any tokenizer cuts: the ids of the tokenizers that cut there."""
    votes: dict[int, list[str]] = {}
    for segmentation in segmentations:
        for offset in boundaries(segmentation):
            votes.setdefault(offset, []).append(segmentation.tokenizer_id)
    return dict(sorted(votes.items()))


def pairwise_jaccard(segmentations: Sequence[Segmentation]) -> list[list[float]]:
    """Jaccard similarity of boundary sets, tokenizer by tokenizer (1.0 on the diagonal)."""
    sets = [boundaries(segmentation) for segmentation in segmentations]
    return [[len(a & b) / len(a | b) if a | b else 1.0 for b in sets] for a in sets]


def consensus_share(segmentations: Sequence[Segmentation]) -> dict[str, float | None]:
    """Per tokenizer: the share of its boundaries that every other chosen tokenizer also has."""
    sets = {segmentation.tokenizer_id: boundaries(segmentation) for segmentation in segmentations}
    counts = Counter(offset for cuts in sets.values() for offset in cuts)
    everyone = len(sets)
    return {
        tokenizer_id: (sum(counts[offset] == everyone for offset in cuts) / len(cuts) if cuts else None)
        for tokenizer_id, cuts in sets.items()
    }
