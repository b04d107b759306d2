"""Batching and per-document counts, shared by both profiling engines."""

from __future__ import annotations

import numpy as np
import pytest

import tokenlab
from tokenlab import settings
from tokenlab.engine.doc_counts import BatchUnits, batch_ranges, count_batch, dropped_chars
from tokenlab.engine.encoding import BatchText, EncodedBatch, corpus_encoder
from tokenlab.text.segment import TokenKind
from tokenlab.text.word_units import WordUnit


@pytest.mark.parametrize(
    ("doc_chars", "expected"),
    [
        ([3, 3, 3, 3, 1], [(0, 2), (2, 4), (4, 5)]),  # a range closes once it reaches the limit
        ([5, 1, 5, 1], [(0, 2), (2, 4)]),  # each range counts from zero: 5 + 1 reaches 6 exactly, twice
        ([3, 3], [(0, 2)]),  # no empty range after one that ends with the documents
        ([10, 1], [(0, 1), (1, 2)]),  # a document over the limit is a range of its own
        ([], []),
    ],
)
def test_batches_close_at_the_character_limit(
    monkeypatch: pytest.MonkeyPatch, doc_chars: list[int], expected: list[tuple[int, int]]
) -> None:
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
        return [
            sum(token.end - token.start if width else 1 for token in seg if token.kind is kind) for seg in segmentations
        ]

    assert counts["tokens"].tolist() == [len(seg) for seg in segmentations]
    assert counts["unknown_tokens"].tolist() == per_document(TokenKind.UNKNOWN)
    assert counts["unknown_chars"].tolist() == per_document(TokenKind.UNKNOWN, width=True)
    assert counts["byte_fallback_tokens"].tolist() == per_document(TokenKind.BYTE_FALLBACK)
    assert sum(per_document(TokenKind.UNKNOWN if tokenizer_id.startswith("bert") else TokenKind.BYTE_FALLBACK)) >= 3


def test_word_units_are_counted_for_every_document_even_empty_ones_at_the_end() -> None:
    words = BatchUnits.of_texts(["two words", "", "one", "", ""]).words(5)
    assert words.tolist() == [2, 0, 1, 0, 0] and words.dtype == np.int64  # int64, as every count column


def test_counts_of_a_batch_whose_first_token_is_unknown() -> None:
    """BERT uncased, by hand from the raw `tokenizers` encoding: [UNK] ok | cr ##eme br ##ule ##e |
    (empty) | br ##ule ##e | (empty), where accent stripping drops the marks of è, û and é."""
    texts = ["😀 ok", "Crème brûlée", "", "brûlée", ""]
    counts, _ = count_batch(corpus_encoder("bert-base-uncased"), texts, BatchUnits.of_texts(texts))
    assert {column: values.tolist() for column, values in counts.items()} == {
        "tokens": [2, 5, 0, 3, 0],
        "split_words": [0, 2, 0, 1, 0],
        "continuation_tokens": [0, 3, 0, 2, 0],
        "unknown_tokens": [1, 0, 0, 0, 0],
        "unknown_chars": [1, 0, 0, 0, 0],
        "byte_fallback_tokens": [0, 0, 0, 0, 0],
        "dropped_chars": [0, 3, 0, 2, 0],
    }
    assert {values.dtype for values in counts.values()} == {np.dtype(np.int64)}  # as the store's columns


def test_a_lossless_tokenizer_drops_nothing() -> None:
    """o200k_base is byte-level: Token|ization (tiktoken) covers every character."""
    texts = ["Tokenization", ""]
    counts, _ = count_batch(corpus_encoder("o200k_base"), texts, BatchUnits.of_texts(texts))
    assert counts["tokens"].tolist() == [2, 0] and counts["continuation_tokens"].tolist() == [1, 0]
    assert counts["dropped_chars"].tolist() == [0, 0] and counts["dropped_chars"].dtype == np.int64


@pytest.mark.parametrize(
    ("texts", "tokens", "dropped"),
    [
        (["\aok", "ok\a", "ok \a go", "\a\a", ""], [1, 1, 2, 0, 0], [1, 1, 1, 2, 0]),
        (["ok\a", "\aok"], [1, 1], [1, 1]),  # the tail after a batch's first token, its only one
        (["\a\a", "ok"], [0, 1], [2, 0]),  # a batch that starts with a document of no tokens
        (["\a", ""], [0, 0], [1, 0]),  # a batch of no tokens at all
    ],
)
def test_dropped_characters_at_the_head_tail_and_middle_of_documents(
    texts: list[str], tokens: list[int], dropped: list[int]
) -> None:
    """BERT's normalizer removes control characters (BEL, U+0007): the raw `tokenizers` encoding
    of "\\aok" is ok (1, 3), of "ok\\a" ok (0, 2), of "ok \\a go" ok (0, 2) go (5, 7), and of
    "\\a\\a" nothing; spaces are never counted as dropped."""
    counts, _ = count_batch(corpus_encoder("bert-base-uncased"), texts, BatchUnits.of_texts(texts))
    assert counts["tokens"].tolist() == tokens
    assert counts["dropped_chars"].tolist() == dropped
    assert counts["unknown_chars"].tolist() == [0] * len(texts)


def test_a_token_ending_before_the_furthest_end_so_far_opens_no_gap() -> None:
    """Normalizers can make token ends dip: in "abcd", tokens (0, 3) (1, 2) (3, 4) cover every
    character, though the second ends before the first."""
    batch = EncodedBatch(
        ids=np.array([1, 2, 3]),
        counts=np.array([3]),
        starts=np.array([0, 1, 3]),
        ends=np.array([3, 2, 4]),
        kinds=np.zeros(3, dtype=np.int8),
    )
    assert dropped_chars(batch, BatchText(["abcd"])).tolist() == [0]


def test_word_units_chosen_by_the_caller_replace_those_of_the_script() -> None:
    texts = ["人人生而自由", "two words"]
    assert BatchUnits.of_texts(texts).words(2).tolist() == [4, 2]  # ICU words 人|人生|而|自由
    chosen = BatchUnits.of_texts(texts, [WordUnit.GRAPHEME, WordUnit.WORD])
    assert chosen.words(2).tolist() == [6, 2]
