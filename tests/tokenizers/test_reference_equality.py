"""Ids equal what each tokenizer's own library returns from the same bundled file."""

from __future__ import annotations

import pytest

import tokenlab
from tests.conftest import BUNDLED_IDS
from tests.reference import reference_encoder
from tests.samples import MULTILINGUAL


@pytest.mark.parametrize("tokenizer_id", BUNDLED_IDS)
@pytest.mark.parametrize("sample", sorted(MULTILINGUAL))
def test_ids_match_the_tokenizers_own_library(tokenizer_id: str, sample: str) -> None:
    text = MULTILINGUAL[sample]
    assert tokenlab.load_tokenizer(tokenizer_id).encode(text) == reference_encoder(tokenizer_id)(text)


PROBE = "Hello world, 你好世界 123456"


@pytest.mark.parametrize(
    ("tokenizer_id", "ids"),
    [
        ("gpt2", [15496, 995, 11, 220, 19526, 254, 25001, 121, 10310, 244, 45911, 234, 17031, 29228]),
        ("cl100k_base", [9906, 1917, 11, 220, 57668, 53901, 3574, 244, 98220, 220, 4513, 10961]),
        ("o200k_base", [13225, 2375, 11, 220, 177519, 28428, 220, 7633, 19354]),
        ("whisper", [15947, 1002, 11, 10930, 2131, 24486, 34466, 8465, 21]),
        ("llama3", [9906, 1917, 11, 118195, 53901, 102616, 220, 4513, 10961]),
        ("llama4", [19873, 3817, 24, 52131, 4219, 14287, 220, 7235, 19596]),
        ("claude-legacy", [10002, 2253, 16, 225, 22687, 29096, 1499, 249, 37413, 11753, 8313]),
        ("bert-base-uncased", [7592, 2088, 1010, 100, 100, 1745, 100, 13138, 19961, 2575]),
    ],
)
def test_probe_ids_match_published_reference_ids(tokenizer_id: str, ids: list[int]) -> None:
    """Ids recorded from independent implementations (OpenAI, Meta, Anthropic, blingfire)."""
    assert tokenlab.load_tokenizer(tokenizer_id).encode(PROBE) == ids


@pytest.mark.parametrize(
    ("tokenizer_id", "prefix", "length"),
    [
        ("llama2", [15043, 3186, 29892, 29871, 30919, 31076, 30793, 30967, 29871, 29896], 15),
        ("mistral-v1", [22557, 1526, 28725, 28705, 29383], 15),
        ("mistral-tekken", [22177, 4304, 1044, 1032, 124108, 29659, 1032, 1049], 13),
        ("qwen3", [9707, 1879], 13),
        ("gemma3", [9259, 1902], 13),
        ("deepseek-v3", [19923], 9),
    ],
)
def test_probe_ids_start_with_known_ids(tokenizer_id: str, prefix: list[int], length: int) -> None:
    ids = tokenlab.load_tokenizer(tokenizer_id).encode(PROBE)
    assert ids[: len(prefix)] == prefix
    assert len(ids) == length


def test_jurassic2_is_a_unigram_model_with_its_published_pieces() -> None:
    segmentation = tokenlab.load_tokenizer("ai21-j2").segment(PROBE)
    assert [token.piece for token in segmentation] == [
        "Hello",
        " world",
        ",",
        " ",
        "你",
        "好",
        "世",
        "界",
        " ",
        "123456",
    ]


def test_batch_encoding_equals_one_by_one(tokenizer: tokenlab.Tokenizer) -> None:
    texts = list(MULTILINGUAL.values())
    assert tokenizer.encode_batch(texts) == [tokenizer.encode(text) for text in texts]
