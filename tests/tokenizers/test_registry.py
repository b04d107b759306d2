"""The catalogue: exact ids, the fields a user sees, lazy cached loading, helpful errors."""

from __future__ import annotations

import threading

import pytest

import tokenlab

REQUIRED_IDS = [
    "gpt2", "cl100k_base", "o200k_base", "whisper", "llama2", "llama3", "llama4", "mistral-v1",
    "mistral-tekken", "qwen3", "gemma3", "deepseek-v3", "claude-legacy", "bert-base-uncased", "ai21-j2",
]  # fmt: skip


def test_catalogue_lists_the_fifteen_bundled_ids_in_order() -> None:
    assert [info.id for info in tokenlab.list_tokenizers()] == REQUIRED_IDS


def test_catalogue_covers_all_four_algorithms() -> None:
    algorithms = {info.algorithm for info in tokenlab.list_tokenizers()}
    assert algorithms == {"byte-level BPE", "SentencePiece BPE", "SentencePiece Unigram", "WordPiece"}


def test_catalogue_entries_say_what_a_user_needs() -> None:
    for info in tokenlab.list_tokenizers():
        assert info.name and info.family and info.licence and info.models, info.id
        assert info.vocab_size > 1000, info.id
        assert set(info.summary()) == {"id", "name", "family", "algorithm", "vocab_size", "models", "licence"}


@pytest.mark.parametrize(
    ("tokenizer_id", "vocab_size"),
    [("gpt2", 50257), ("cl100k_base", 100277), ("o200k_base", 200019), ("llama3", 128256),
     ("llama4", 202048), ("mistral-tekken", 131072), ("qwen3", 151669), ("gemma3", 262145),
     ("bert-base-uncased", 30522), ("ai21-j2", 262144)],
)  # fmt: skip
def test_vocab_size_is_the_models_full_vocabulary(tokenizer_id: str, vocab_size: int) -> None:
    assert tokenlab.tokenizer_info(tokenizer_id).vocab_size == vocab_size
    assert tokenlab.load_tokenizer(tokenizer_id).vocab_size == vocab_size


def test_unknown_id_names_the_valid_ones() -> None:
    with pytest.raises(tokenlab.UnknownTokenizerError) as raised:
        tokenlab.load_tokenizer("gpt-5")
    assert str(raised.value).startswith("Unknown tokenizer 'gpt-5'. Bundled tokenizers: gpt2, cl100k_base,")


def test_load_is_cached_per_process() -> None:
    assert tokenlab.load_tokenizer("gpt2") is tokenlab.load_tokenizer("gpt2")


def test_concurrent_first_loads_share_one_tokenizer() -> None:
    results: list[tokenlab.Tokenizer] = []
    threads = [threading.Thread(target=lambda: results.append(tokenlab.load_tokenizer("llama2"))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and all(result is results[0] for result in results)


def test_every_vocabulary_entry_is_available_as_bytes(tokenizer: tokenlab.Tokenizer) -> None:
    vocab = tokenizer.vocab()
    assert len(vocab) <= tokenizer.vocab_size
    assert all(isinstance(raw, bytes) for raw in vocab.values())
    assert max(vocab) < tokenizer.vocab_size
    assert tokenizer.token_bytes(tokenizer.encode("hello")[0]) in vocab.values()


def test_vocab_is_token_bytes_of_every_id(tokenizer: tokenlab.Tokenizer) -> None:
    """`vocab()` is built in one pass per backend; it must agree with the single-id path."""
    vocab = tokenizer.vocab()
    assert sorted(vocab) == sorted(tokenizer._vocab_ids())
    assert all(tokenizer.token_bytes(token_id) == raw for token_id, raw in vocab.items())
