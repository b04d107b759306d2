"""Boundary agreement between tokenizers, on real segmentations."""

from __future__ import annotations

import tokenlab
from tokenlab.text.agreement import boundaries, boundary_votes, consensus_share, pairwise_jaccard


def segment(tokenizer_id: str, text: str) -> tokenlab.Segmentation:
    return tokenlab.load_tokenizer(tokenizer_id).segment(text)


def test_boundaries_are_inner_character_offsets() -> None:
    assert boundaries(segment("o200k_base", "Hello world")) == {5}
    # gpt2 spends three tokens on one emoji; none of them cuts inside the character
    assert boundaries(segment("gpt2", "a😀b")) == {1, 2}


def test_gaps_left_by_a_normalizer_count_as_boundaries() -> None:
    assert boundaries(segment("bert-base-uncased", "Hi there")) == {2, 3}


def test_votes_name_the_tokenizers_cutting_at_each_offset() -> None:
    # o200k_base: un|bel|ievable|s ; bert-base-uncased: unbelievable|s
    segs = [segment("o200k_base", "unbelievable!"), segment("bert-base-uncased", "unbelievable!")]
    assert [t.piece for t in segs[0]] == ["un", "bel", "ievable", "!"]
    assert boundary_votes(segs) == {2: ["o200k_base"], 5: ["o200k_base"], 12: ["o200k_base", "bert-base-uncased"]}


def test_jaccard_is_one_on_the_diagonal_and_symmetric() -> None:
    segs = [segment(t, "Tokenization differs between models.") for t in ("gpt2", "llama2", "qwen3")]
    matrix = pairwise_jaccard(segs)
    assert [matrix[i][i] for i in range(3)] == [1.0, 1.0, 1.0]
    assert all(matrix[i][j] == matrix[j][i] for i in range(3) for j in range(3))
    assert all(0.0 <= value <= 1.0 for row in matrix for value in row)


def test_identical_tokenizers_agree_everywhere() -> None:
    text = "The same ranks cut the same way."
    assert consensus_share([segment("cl100k_base", text), segment("llama3", text)]) == {
        "cl100k_base": 1.0,
        "llama3": 1.0,
    }


def test_single_token_text_has_no_boundaries() -> None:
    assert consensus_share([segment("o200k_base", "Hello")]) == {"o200k_base": None}
    assert pairwise_jaccard([segment("o200k_base", "Hello"), segment("gpt2", "Hello")]) == [[1.0, 1.0], [1.0, 1.0]]
