"""Batch spans rebuilt from token bytes must be exactly `Tokenizer.segment`'s, for every tokenizer."""

from __future__ import annotations

import numpy as np

import tokenlab
from tokenlab.corpora import udhr
from tokenlab.corpus_encoding import BASELINES, EncodedBatch, corpus_encoder

TEXTS = [*udhr(["eng", "vie", "jpn", "bod"]).texts[:3:2], *udhr(["vie", "jpn", "bod"]).texts[::30],
         "", "  leading spaces\n\nand\tTabs ", "ﬁ café 😀 <s> [CLS]"]


def test_batch_ids_and_spans_equal_segment(tokenizer: tokenlab.Tokenizer) -> None:
    encoder = corpus_encoder(tokenizer)
    # Twice: after a batch a normalizer mostly changed, the encoder switches to offsets.
    for batch in (encoder.encode_documents(TEXTS), encoder.encode_documents(TEXTS)):
        _assert_equal_segment(tokenizer, batch)


def _assert_equal_segment(tokenizer: tokenlab.Tokenizer, batch: EncodedBatch) -> None:
    bounds = np.concatenate(([0], np.cumsum(batch.counts)))
    base = np.concatenate(([0], np.cumsum([len(text) for text in TEXTS])))
    for doc, text in enumerate(TEXTS):
        segmentation = tokenizer.segment(text)
        lo, hi = bounds[doc], bounds[doc + 1]
        assert batch.ids[lo:hi].tolist() == segmentation.ids, doc
        assert (batch.starts[lo:hi] - base[doc]).tolist() == segmentation.starts, doc
        assert (batch.ends[lo:hi] - base[doc]).tolist() == segmentation.ends, doc
        kinds = [token.kind for token in segmentation]
        assert [tokenizer.token_kind(i) for i in batch.ids[lo:hi]] == kinds



def test_spans_batch_equals_segment(tokenizer: tokenlab.Tokenizer) -> None:
    """The batch path documents a normalizer changed are segmented with: the library's batch
    call with offsets must give what `segment` gives, text by text."""
    for text, (ids, starts, ends) in zip(TEXTS, tokenizer.spans_batch(TEXTS), strict=True):
        segmentation = tokenizer.segment(text)
        assert (ids, starts, ends) == (segmentation.ids, segmentation.starts, segmentation.ends), text[:40]


def test_baselines_are_bytes_and_code_points() -> None:
    texts = ["aé", "😀"]
    utf8 = BASELINES["utf8-bytes"].encode_documents(texts)
    assert utf8.ids.tolist() == list("aé😀".encode()) and utf8.counts.tolist() == [3, 4]
    assert utf8.starts.tolist() == [0, 1, 1, 2, 2, 2, 2]
    chars = BASELINES["unicode-chars"].encode_documents(texts)
    assert chars.ids.tolist() == [ord("a"), ord("é"), ord("😀")] and chars.counts.tolist() == [2, 1]


def test_cache_key_follows_the_tokenizer_files() -> None:
    gpt2 = corpus_encoder("gpt2")
    assert gpt2.cache_key == corpus_encoder("gpt2").cache_key != corpus_encoder("o200k_base").cache_key
    assert len({b.cache_key for b in BASELINES.values()}) == 2
