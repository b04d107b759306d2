"""Trimming a vocabulary to what a corpus uses: coverage, memory saved, re-tokenisation.

Keep the k most frequent entries of the corpus and drop the rest (Ushio et al. 2023,
"Efficient multilingual language model compression through vocabulary trimming"):

    coverage(k)   = share of the corpus's tokens that are among the top-k entries;
    memory saved  = (V - k) * d * bytes per value, per matrix (input embedding and output
                    head; one matrix when they are tied);
    re-tokenised  = 1 - coverage(k) of the tokens (they must be cut into kept entries), and
                    the share of documents holding at least one of them.

    counts {a: 3, b: 1} -> coverage [0.75, 1.0]; k for 100% = 2 (the distinct entries used)
    memory_saved(V=128256, k=20000, d=4096, dtype="bfloat16") -> 1,773,666,304 bytes (2 matrices)

A corpus too small to judge a trim shows itself by its entries seen once: by Good–Turing
(Good 1953), the share of new text's tokens that fall on entries the corpus never showed is
about n1 / N, the share of its tokens whose entry occurs once. A vocabulary trimmed to such a
corpus would re-tokenise at least that share of new text of the same kind, whatever k says.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tokenlab.scaling.cost import DTYPE_BYTES
from tokenlab.tokenizers.base import Tokenizer
from tokenlab.vocab.errors import VocabLabError

COVERAGE_TARGETS = (0.99, 0.999, 1.0)
#: Above this Good–Turing share of unseen entries, a corpus is too small to judge a trim: even
#: the loosest coverage target (99%) would not hold on new text.
UNSEEN_TOLERANCE = 0.01


@dataclass(frozen=True)
class TrimStudy:
    """Token counts of one tokenizer on one corpus: ranked entries and the ids of each document."""

    tokenizer_id: str
    vocab_size: int
    ranked_ids: np.ndarray  # distinct ids used, most frequent first (ties: lower id first)
    ranked_counts: np.ndarray
    document_ids: tuple[frozenset[int], ...]

    @property
    def total_tokens(self) -> int:
        return int(self.ranked_counts.sum())

    @property
    def distinct(self) -> int:
        return len(self.ranked_ids)

    def coverage(self) -> np.ndarray:
        """coverage[k - 1]: share of the corpus's tokens among the top-k entries, k = 1..distinct."""
        return np.cumsum(self.ranked_counts) / self.total_tokens

    def k_for(self, target: float) -> int:
        """The fewest top entries that cover at least `target` (0 < target <= 1) of the tokens."""
        if not 0 < target <= 1:
            raise VocabLabError(f"Coverage must be in (0, 1], got {target}.")
        needed = math.ceil(target * self.total_tokens - 1e-9 * self.total_tokens)
        return int(np.searchsorted(np.cumsum(self.ranked_counts), needed) + 1)

    @property
    def unseen_share(self) -> float:
        """Good–Turing estimate of the share of new text's tokens on entries this corpus never
        shows: n1 / N, tokens whose entry occurs once over all tokens."""
        return int((self.ranked_counts == 1).sum()) / self.total_tokens

    def too_small_notice(self, tolerance: float = UNSEEN_TOLERANCE) -> str | None:
        """Why this corpus cannot judge a trim (else None): more than `tolerance` of new text
        would use entries it never shows."""
        if self.unseen_share <= tolerance:
            return None
        once = int((self.ranked_counts == 1).sum())
        return (
            f"The corpus is too small to judge a trim: {once:,} of its {self.total_tokens:,} tokens use an entry "
            f"seen only once, so about {self.unseen_share:.1%} of new text like it would use entries it never "
            f"shows (Good–Turing) and be re-tokenised after any trim to it. Add text until this falls below "
            f"{tolerance:.0%}."
        )

    def retokenised(self, k: int) -> tuple[float, float]:
        """(share of tokens, share of documents) that use an entry outside the top k."""
        k = max(0, min(k, self.distinct))
        dropped = frozenset(self.ranked_ids[k:].tolist())
        tokens = float(self.ranked_counts[k:].sum() / self.total_tokens)
        documents = sum(1 for ids in self.document_ids if not ids.isdisjoint(dropped)) / len(self.document_ids)
        return tokens, documents


def trim_study(tokenizer: Tokenizer, documents: Sequence[str]) -> TrimStudy:
    """Count every token `tokenizer` makes of `documents` (no special tokens added)."""
    documents = [document for document in documents if document]
    if not documents:
        raise VocabLabError("The corpus is empty; paste or upload some text, or pick UDHR languages.")
    counts: Counter[int] = Counter()
    per_document = []
    step = 256
    for start in range(0, len(documents), step):
        for ids in tokenizer.encode_batch(documents[start : start + step]):
            counts.update(ids)
            per_document.append(frozenset(ids))
    if not counts:
        raise VocabLabError("The corpus made no tokens; it holds no text the tokenizer reads.")
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return TrimStudy(
        tokenizer.id,
        tokenizer.vocab_size,
        np.array([i for i, _ in ranked]),
        np.array([c for _, c in ranked], dtype=np.int64),
        tuple(per_document),
    )


def memory_saved(vocab_size: int, k: int, d_model: int, dtype: str, tied: bool = False) -> int:
    """Bytes of embedding rows dropped: (V - k) * d * bytes, times 2 when input and output
    matrices are separate (untied)."""
    if dtype not in DTYPE_BYTES:
        raise VocabLabError(f"Unknown dtype {dtype!r}; use one of: {', '.join(DTYPE_BYTES)}.")
    if not 0 <= k <= vocab_size:
        raise VocabLabError(f"k must be between 0 and the vocabulary size {vocab_size:,}, got {k:,}.")
    if d_model < 1:
        raise VocabLabError(f"d_model must be at least 1, got {d_model}.")
    return (vocab_size - k) * d_model * DTYPE_BYTES[dtype] * (1 if tied else 2)
