"""Trimming a vocabulary to a corpus: coverage, k for a target, memory saved, re-tokenisation."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.vocab.corpus import udhr_documents
from tokenlab.vocab.errors import VocabLabError
from tokenlab.vocab.trim import memory_saved, trim_study


def test_coverage_is_monotone_and_reaches_100_percent_at_the_distinct_entries_used() -> None:
    tokenizer = tokenlab.load_tokenizer("gemma3")
    documents = udhr_documents(["eng"])
    study = trim_study(tokenizer, documents)
    ids = [i for document in documents for i in tokenizer.encode(document)]
    coverage = study.coverage()
    assert study.distinct == len(set(ids)) == len(coverage) and study.total_tokens == len(ids)
    assert np.all(np.diff(coverage) >= 0) and coverage[-1] == 1.0 and coverage[-2] < 1.0
    assert study.k_for(1.0) == study.distinct
    assert study.k_for(0.99) < study.k_for(0.999) <= study.distinct
    assert study.retokenised(study.distinct) == (0.0, 0.0)
    assert study.retokenised(0) == (1.0, 1.0)


def test_k_for_a_target_on_a_known_corpus() -> None:
    study = trim_study(tokenlab.load_tokenizer("o200k_base"), ["a a a a b", "c"])  # tokens: a, ␣a ×3, ␣b, c
    assert study.ranked_counts.tolist() == [3, 1, 1, 1]
    assert [study.k_for(t) for t in (0.5, 0.51, 0.99, 1.0)] == [1, 2, 4, 4]
    assert study.retokenised(3) == (1 / 6, 0.5)


def test_memory_saved_arithmetic() -> None:
    assert memory_saved(128_256, 20_000, 4096, "bfloat16") == (128_256 - 20_000) * 4096 * 2 * 2 == 1_773_666_304
    assert memory_saved(262_145, 100_000, 2560, "float32", tied=True) == 162_145 * 2560 * 4
    assert memory_saved(1000, 1000, 64, "float8") == 0
    with pytest.raises(VocabLabError, match="Unknown dtype 'int3'"):
        memory_saved(1000, 10, 64, "int3")
    with pytest.raises(VocabLabError, match="k must be between 0 and the vocabulary size 1,000"):
        memory_saved(1000, 1001, 64, "float32")


def test_an_empty_corpus_is_rejected() -> None:
    with pytest.raises(VocabLabError, match="The corpus is empty"):
        trim_study(tokenlab.load_tokenizer("gpt2"), ["", ""])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6))
def test_coverage_invariants_hold_for_any_text(documents: list[str]) -> None:
    study = trim_study(tokenlab.load_tokenizer("llama3"), documents)
    coverage = study.coverage()
    assert np.all(np.diff(coverage) >= -1e-12) and coverage[-1] == pytest.approx(1.0)
    assert study.k_for(1.0) == study.distinct
    assert all(study.retokenised(k)[0] == pytest.approx(1 - coverage[k - 1]) for k in range(1, study.distinct + 1))


def test_a_corpus_too_small_to_judge_a_trim_says_so_by_good_turing() -> None:
    tokenizer = tokenlab.load_tokenizer("gemma3")
    study = trim_study(tokenizer, udhr_documents(["eng"]))
    ids = [i for document in udhr_documents(["eng"]) for i in tokenizer.encode(document)]
    once = sum(1 for count in Counter(ids).values() if count == 1)
    assert (once, len(ids)) == (344, 1890)
    assert study.unseen_share == once / len(ids)
    assert study.too_small_notice() == (
        "The corpus is too small to judge a trim: 344 of its 1,890 tokens use an entry seen only once, so about "
        "18.2% of new text like it would use entries it never shows (Good–Turing) and be re-tokenised after any "
        "trim to it. Add text until this falls below 1%."
    )
    repeated = trim_study(tokenizer, ["a b a b a b"] * 50)
    assert repeated.unseen_share == 0.0 and repeated.too_small_notice() is None
