"""Batching and per-document counts, shared by both profiling engines."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab import settings
from tokenlab.corpus_encoding import corpus_encoder
from tokenlab.doc_counts import BatchUnits, batch_ranges, count_batch
from tokenlab.segment import TokenKind


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


#: Unknown tokens for BERT (Thai, emoji) and byte-fallback tokens for Llama 2 (rare CJK, emoji),
#: with empty documents between and at the end: per-document sums must not shift.
TEXTS = ["ก ข abc", "", "😀 ok 𠀋", "plain words", "", "ก😀", ""]


@pytest.mark.parametrize("tokenizer_id", ["bert-base-uncased", "llama2"])
def test_per_document_counts_equal_each_documents_segmentation(tokenizer_id: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    counts, _ = count_batch(corpus_encoder(tokenizer), TEXTS, BatchUnits.of_texts(TEXTS))
    segmentations = [tokenizer.segment(text) for text in TEXTS]

    def per_document(kind: TokenKind, width: bool = False) -> list[int]:
        return [sum(token.end - token.start if width else 1 for token in seg if token.kind is kind)
                for seg in segmentations]

    assert counts["tokens"].tolist() == [len(seg) for seg in segmentations]
    assert counts["unknown_tokens"].tolist() == per_document(TokenKind.UNKNOWN)
    assert counts["unknown_chars"].tolist() == per_document(TokenKind.UNKNOWN, width=True)
    assert counts["byte_fallback_tokens"].tolist() == per_document(TokenKind.BYTE_FALLBACK)
    assert sum(per_document(TokenKind.UNKNOWN if tokenizer_id.startswith("bert") else TokenKind.BYTE_FALLBACK)) >= 3
