"""Coverage counted in bulk by the engine equals coverage counted one segmentation at a time."""

from __future__ import annotations

import pytest

import tokenlab
from tokenlab.corpora import udhr
from tokenlab.engine.doc_counts import BatchUnits, count_batch
from tokenlab.engine.encoding import corpus_encoder
from tokenlab.text.coverage import segmentation_loss

LANGUAGES = ["eng", "vie", "tha", "hin", "yor", "amh", "kor"]


@pytest.mark.parametrize("tokenizer_id", ["bert-base-uncased", "claude-legacy", "ai21-j2", "xlm-roberta", "o200k_base"])
def test_engine_counts_the_loss_of_each_segmentation(tokenizer_id: str) -> None:
    texts = udhr(LANGUAGES).texts
    counts, _ = count_batch(corpus_encoder(tokenizer_id), texts, BatchUnits.of_texts(texts))
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    expected = [segmentation_loss(tokenizer.segment(text)) for text in texts]
    assert list(zip(counts["unknown_chars"].tolist(), counts["dropped_chars"].tolist(), strict=True)) == expected


def test_bert_loses_the_marks_of_vietnamese_and_the_letters_of_thai() -> None:
    corpus = udhr(["vie", "tha", "eng"])
    counts, _ = count_batch(corpus_encoder("bert-base-uncased"), corpus.texts, BatchUnits.of_texts(corpus.texts))
    groups = corpus.documents.get_column("group").to_list()

    def total(column: str, group: str) -> int:
        return sum(n for n, g in zip(counts[column].tolist(), groups, strict=True) if g == group)

    assert (total("unknown_chars", "vie"), total("dropped_chars", "vie")) == (0, 2706)  # every tone and vowel mark
    assert (total("unknown_chars", "tha"), total("dropped_chars", "tha")) == (6996, 54)
    assert (total("unknown_chars", "eng"), total("dropped_chars", "eng")) == (0, 0)
