"""The special ids each model's input format puts around a text ("Count BOS/EOS" on the page).

The expected ids are the models' own, from their published tokenizer configurations (Meta's
`tokenizer.py` for Llama 3/4, `add_bos_token` / the post-processor template of each Hub
`tokenizer_config.json` and `tokenizer.json`, mistral-common's `<s>`, Whisper's start of
transcript), and each SentencePiece and Hugging Face file is also asked directly, through its
own library: `SentencePieceProcessor.encode(add_bos=True)` and `encode(add_special_tokens=True)`.
"""

from __future__ import annotations

import gzip
import json

import pytest
import sentencepiece as spm
from tokenizers import Tokenizer as HFTokenizer

import tokenlab
from tests.conftest import BUNDLED_IDS
from tokenlab import settings

TEXT = "Hello world, 你好 😀"

#: tokenizer id -> (ids before the text, ids after it), as each model's own format has them.
FORMAT_TOKENS: dict[str, tuple[list[int], list[int]]] = {
    "gpt2": ([], []),
    "cl100k_base": ([], []),
    "o200k_base": ([], []),
    "whisper": ([50258], []),  # <|startoftranscript|>
    "llama2": ([1], []),  # <s>
    "llama3": ([128000], []),  # <|begin_of_text|>
    "llama4": ([200000], []),  # <|begin_of_text|>
    "mistral-v1": ([1], []),  # <s>
    "mistral-tekken": ([1], []),  # <s>
    "qwen3": ([], []),
    "gemma3": ([2], []),  # <bos>
    "claude-legacy": ([], []),
    "bert-base-uncased": ([101], [102]),  # [CLS] ... [SEP]
    "ai21-j2": ([1], []),  # <|startoftext|>
    "umt5": ([], [1]),  # ... </s>
    "qwen3.5": ([], []),
    "command-r": ([5], []),  # <BOS_TOKEN>
    "gemma2": ([2], []),  # <bos>
    "falcon": ([], []),
    "starcoder": ([], []),
    "gpt-neox": ([], []),
}

#: Formats the bundled files do not carry: DeepSeek-V3's tokenizer_config.json sets
#: add_bos_token (<｜begin▁of▁sentence｜>, 0) but lenML's tokenizer.json has no template for it;
#: transformers' XLM-R test publishes "Hello World!" as [0, 35378, 6661, 38, 2] (<s> ... </s>),
#: while the rebuilt SentencePiece model only knows its BOS.
NOT_CARRIED: dict[str, tuple[list[int], list[int]]] = {
    "deepseek-v3": ([0], []),
    "xlm-roberta": ([0], [2]),
}


def test_every_bundled_tokenizer_has_an_expected_format() -> None:
    assert sorted(FORMAT_TOKENS | NOT_CARRIED) == sorted(BUNDLED_IDS)


@pytest.mark.parametrize(("tokenizer_id", "expected"), FORMAT_TOKENS.items())
def test_format_tokens_are_the_models_own(tokenizer_id: str, expected: tuple[list[int], list[int]]) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    prefix, suffix = expected
    assert tokenizer.format_tokens == expected
    assert tokenizer.encode_with_format(TEXT) == [*prefix, *tokenizer.encode(TEXT), *suffix]


@pytest.mark.parametrize(("tokenizer_id", "expected"), NOT_CARRIED.items())
@pytest.mark.xfail(strict=True, reason="the bundled file lacks part of the model's format (see NOT_CARRIED)")
def test_format_tokens_the_bundled_files_miss(tokenizer_id: str, expected: tuple[list[int], list[int]]) -> None:
    assert tokenlab.load_tokenizer(tokenizer_id).format_tokens == expected


@pytest.mark.parametrize(
    ("tokenizer_id", "text", "ids"),
    [
        # Hugging Face's Llama 2 and Mistral 7B documentation and model cards.
        ("llama2", "Hello world", [1, 15043, 3186]),
        ("mistral-v1", "Hello world", [1, 22557, 1526]),
        # gemma.cpp's tests.
        ("gemma2", "Hello world!", [2, 4521, 2134, 235341]),
    ],
)
def test_encode_with_format_gives_published_ids(tokenizer_id: str, text: str, ids: list[int]) -> None:
    assert tokenlab.load_tokenizer(tokenizer_id).encode_with_format(text) == ids


#: SentencePiece models whose model file defines a BOS; umT5's (converted from its
#: tokenizer.json, pieces and scores only) defines none: T5 ends a text with "</s>" instead.
WITH_BOS = [info.id for info in tokenlab.list_tokenizers() if info.loader == "sentencepiece" and info.id != "umt5"]


@pytest.mark.parametrize("tokenizer_id", WITH_BOS)
def test_sentencepiece_format_is_what_sentencepiece_adds_as_bos(tokenizer_id: str) -> None:
    path = settings.TOKENIZER_DIR / tokenlab.tokenizer_info(tokenizer_id).files[0]
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    processor = spm.SentencePieceProcessor(model_proto=raw)
    with_bos = processor.encode(TEXT, add_bos=True)
    assert with_bos[0] == processor.bos_id() >= 0
    assert tokenlab.load_tokenizer(tokenizer_id).encode_with_format(TEXT)[: len(with_bos)] == with_bos


#: Tokenizers loaded from a file converted from a bundled tokenizer.json, kept as the reference.
CONVERTED_FROM = {
    entry["id"]: entry["converted_from"]["file"]
    for entry in json.loads(settings.TOKENIZER_MANIFEST.read_text(encoding="utf-8"))["tokenizers"]
    if "converted_from" in entry
}


@pytest.mark.parametrize("tokenizer_id", sorted(CONVERTED_FROM))
def test_a_converted_tokenizer_keeps_the_format_its_tokenizer_json_adds(tokenizer_id: str) -> None:
    original = CONVERTED_FROM[tokenizer_id]
    model = HFTokenizer.from_str(gzip.decompress((settings.TOKENIZER_DIR / original).read_bytes()).decode("utf-8"))
    assert tokenlab.load_tokenizer(tokenizer_id).encode_with_format(TEXT) == model.encode(TEXT).ids


@pytest.mark.parametrize(
    "tokenizer_id", [info.id for info in tokenlab.list_tokenizers() if info.loader == "hf-tokenizers"]
)
def test_hugging_face_format_is_what_the_post_processor_adds(tokenizer_id: str) -> None:
    path = settings.TOKENIZER_DIR / tokenlab.tokenizer_info(tokenizer_id).files[0]
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    model = HFTokenizer.from_str(raw.decode("utf-8"))
    model.encode_special_tokens = True
    assert tokenlab.load_tokenizer(tokenizer_id).encode_with_format(TEXT) == model.encode(TEXT).ids
