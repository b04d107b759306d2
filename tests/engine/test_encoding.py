"""Batch spans rebuilt from token bytes must be exactly `Tokenizer.segment`'s, for every tokenizer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenlab
from tokenlab.corpora import udhr
from tokenlab.engine.encoding import (
    BASELINES,
    KIND_CODES,
    EncodedBatch,
    TokenizerEncoder,
    VocabBytes,
    bundled_cache_key,
    corpus_encoder,
)

TEXTS = [
    *udhr(["eng", "vie", "jpn", "bod"]).texts[:3:2],
    *udhr(["vie", "jpn", "bod"]).texts[::30],
    "",
    "  leading spaces\n\nand\tTabs ",
    "ﬁ café 😀 <s> [CLS]",
]


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
    spans = tokenizer.spans_batch(TEXTS)
    assert spans.counts.tolist() == [len(tokenizer.segment(text)) for text in TEXTS]
    bounds = np.concatenate(([0], np.cumsum(spans.counts)))
    for doc, text in enumerate(TEXTS):
        segmentation = tokenizer.segment(text)
        lo, hi = bounds[doc], bounds[doc + 1]
        assert spans.ids[lo:hi].tolist() == segmentation.ids, text[:40]
        assert spans.starts[lo:hi].tolist() == segmentation.starts, text[:40]
        assert spans.ends[lo:hi].tolist() == segmentation.ends, text[:40]


def test_baselines_are_bytes_and_code_points() -> None:
    texts = ["aé", "😀"]
    utf8 = BASELINES["utf8-bytes"].encode_documents(texts)
    assert utf8.ids.tolist() == list("aé😀".encode()) and utf8.counts.tolist() == [3, 4]
    assert utf8.starts.tolist() == [0, 1, 1, 2, 2, 2, 2]
    chars = BASELINES["unicode-chars"].encode_documents(texts)
    assert chars.ids.tolist() == [ord("a"), ord("é"), ord("😀")] and chars.counts.tolist() == [2, 1]


def test_byte_table_learns_the_ids_used_and_no_others() -> None:
    gemma3 = tokenlab.load_tokenizer("gemma3")
    table = VocabBytes(gemma3)
    ids = np.array(gemma3.encode("ﬁ café 😀 naïve ⿰"), dtype=np.int64)
    assert table.lengths_of(ids).tolist() == [len(gemma3.token_bytes(i)) for i in ids.tolist()]
    table.lengths_of(ids[::-1])
    assert np.flatnonzero(table.lengths >= 0).tolist() == sorted(set(ids.tolist()))
    assert table.spell(ids) == b"".join(map(gemma3.token_bytes, ids.tolist()))
    assert table.kinds_of(ids).tolist() == [KIND_CODES[gemma3.token_kind(i)] for i in ids.tolist()]


def test_an_id_past_the_declared_vocabulary_spells_nothing() -> None:
    gpt2 = tokenlab.load_tokenizer("gpt2")
    table = VocabBytes(gpt2)
    past = np.array([gpt2.vocab_size + 3, 31], dtype=np.int64)
    assert table.lengths_of(past).tolist() == [0, 1]
    assert len(table.lengths) == gpt2.vocab_size + 4
    assert table.spell(past) == b"@" and table.kinds_of(past).tolist() == [0, 0]


def test_threads_learning_one_table_spell_every_batch_right() -> None:
    o200k = tokenlab.load_tokenizer("o200k_base")
    table = VocabBytes(o200k)
    texts = udhr(["eng", "vie", "jpn", "rus", "hin", "arb"]).texts
    batches = [np.array(o200k.encode(text), dtype=np.int64) for text in texts]

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(table.spell, batches)) == [text.encode("utf-8") for text in texts]


def test_the_cache_key_is_known_without_loading_the_tokenizer() -> None:
    for tokenizer_id in [*(info.id for info in tokenlab.list_tokenizers()), *BASELINES]:
        assert bundled_cache_key(tokenizer_id) == corpus_encoder(tokenizer_id).cache_key, tokenizer_id


def test_cache_key_follows_the_tokenizer_files() -> None:
    gpt2 = corpus_encoder("gpt2")
    assert gpt2.cache_key == corpus_encoder("gpt2").cache_key != corpus_encoder("o200k_base").cache_key
    assert len({b.cache_key for b in BASELINES.values()}) == 2


#: Text SentencePiece's nmt_nfkc normalizer rewrites: compatibility forms that expand ("ﬁ",
#: "և" -> "եւ"), that shrink ("ｅ\u0301" -> "é"), full-width letters, a circled digit, newlines.
NORMALIZED_TEXTS = ["ﬁne\nwork", "Հայաստանև և", "ｆｕｌｌ ｗｉｄｔｈ ①②", "cafe\u0301 e\u0301\ne\u0301", "x\n\ny  z"]


@pytest.mark.parametrize("tokenizer_id", ["ai21-j2", "mistral-v1"])
def test_normalized_documents_get_spans_from_the_normalizer(tokenizer_id: str) -> None:
    """Documents the normalizer changed keep the fast path (ids plus the normalizer's offsets,
    no second encode) and get exactly `segment`'s spans."""
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    encoder = TokenizerEncoder(tokenizer)
    batch = encoder.encode_documents(NORMALIZED_TEXTS)
    assert encoder._normalizing is False
    bounds = np.concatenate(([0], np.cumsum(batch.counts)))
    base = np.concatenate(([0], np.cumsum([len(text) for text in NORMALIZED_TEXTS])))
    for doc, text in enumerate(NORMALIZED_TEXTS):
        segmentation = tokenizer.segment(text)
        lo, hi = bounds[doc], bounds[doc + 1]
        assert batch.ids[lo:hi].tolist() == segmentation.ids
        assert (batch.starts[lo:hi] - base[doc]).tolist() == segmentation.starts, text
        assert (batch.ends[lo:hi] - base[doc]).tolist() == segmentation.ends, text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=6))
def test_normalizer_offsets_give_segment_spans_for_any_text(texts: list[str]) -> None:
    tokenizer = tokenlab.load_tokenizer("ai21-j2")
    batch = TokenizerEncoder(tokenizer).encode_documents(texts)
    expected = [tokenizer.segment(text) for text in texts]
    base = np.repeat(np.concatenate(([0], np.cumsum([len(t) for t in texts])))[:-1], batch.counts)
    assert batch.ids.tolist() == [i for s in expected for i in s.ids]
    assert (batch.starts - base).tolist() == [i for s in expected for i in s.starts]
    assert (batch.ends - base).tolist() == [i for s in expected for i in s.ends]


def test_only_a_lowercasing_normalizer_sends_every_document_to_offsets() -> None:
    """BERT rewrites plain prose, so its batches go straight to the batch call with offsets;
    NFC/NFKC (Qwen3, Claude) and SentencePiece's normalizer (mapped by its offsets) do not."""
    rewriting = [
        info.id
        for info in tokenlab.list_tokenizers()
        if TokenizerEncoder(tokenlab.load_tokenizer(info.id))._rewrites_plain_text
    ]
    assert rewriting == ["bert-base-uncased"]


#: What the tokenizers converted from a tokenizer.json do beyond their library: Gemma's typed
#: "▁" runs (split off before SentencePiece), Qwen3.5's NFC (decomposed accents, Hangul jamo)
#: and its added tokens matched in text.
CONVERTED_TEXTS = ["a▁▁b  c", "▁▁▁ x ▁", "cafe\u0301 e\u0301\ne\u0301", "\u1100\u1161\u11a8 x", "<think> <unused0> ok"]


@pytest.mark.parametrize("tokenizer_id", ["gemma3", "gemma2", "qwen3.5"])
def test_converted_tokenizers_profile_to_segments_spans(tokenizer_id: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    batch = TokenizerEncoder(tokenizer).encode_documents(CONVERTED_TEXTS)
    expected = [tokenizer.segment(text) for text in CONVERTED_TEXTS]
    base = np.repeat(np.concatenate(([0], np.cumsum([len(t) for t in CONVERTED_TEXTS])))[:-1], batch.counts)
    assert batch.ids.tolist() == [i for s in expected for i in s.ids]
    assert (batch.starts - base).tolist() == [i for s in expected for i in s.starts]
    assert (batch.ends - base).tolist() == [i for s in expected for i in s.ends]
