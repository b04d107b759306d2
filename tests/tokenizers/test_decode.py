"""Decoding: every bundled tokenizer's `decode` is its own library's, and `decode_ids` checks,
cuts and describes a pasted list of ids.

The oracle is tests/reference.py: the raw library (tiktoken, tokenizers, SentencePiece) on the
bundled file, or on the tokenizer.json a converted model (Gemma 2/3, umT5) was built from.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenlab
from tests.conftest import BUNDLED_IDS
from tests.reference import reference_decoder, reference_encoder
from tests.samples import MULTILINGUAL
from tests.text.test_segment import MAY_DROP_CHARACTERS, UNICODE_TEXT
from tokenlab import settings as settings_module
from tokenlab.errors import InvalidIdsError
from tokenlab.sandbox.client import sandboxed_tokenizer
from tokenlab.tokenizers.decode import decode_ids

SCRIPTS = ["english", "chinese", "japanese", "hindi", "tamil", "arabic", "hebrew", "russian", "burmese", "emoji"]
SCRIPTS += ["combining", "whitespace", "code", "specials", "numbers"]


@pytest.mark.parametrize("sample", SCRIPTS)
def test_decode_is_the_raw_librarys_on_every_script(tokenizer: tokenlab.Tokenizer, sample: str) -> None:
    ids = tokenizer.encode_with_format(MULTILINGUAL[sample])  # BOS, [CLS] and [SEP] included
    assert tokenizer.decode(ids) == reference_decoder(tokenizer.id)(ids)


@pytest.mark.parametrize("sample", SCRIPTS)
def test_encode_then_decode_gives_back_the_text(tokenizer: tokenlab.Tokenizer, sample: str) -> None:
    text = MULTILINGUAL[sample]
    if tokenizer.id in MAY_DROP_CHARACTERS:  # the normalized text, as the library gives it back
        assert tokenizer.decode(tokenizer.encode(text)) == reference_decoder(tokenizer.id)(
            reference_encoder(tokenizer.id)(text)
        )
    else:
        assert tokenizer.decode(tokenizer.encode(text)) == text


@pytest.mark.parametrize("tokenizer_id", BUNDLED_IDS)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(text=UNICODE_TEXT)
def test_round_trip_property(tokenizer_id: str, text: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    decoded = tokenizer.decode(tokenizer.encode(text))
    assert decoded == reference_decoder(tokenizer.id)(reference_encoder(tokenizer.id)(text))
    if tokenizer.id not in MAY_DROP_CHARACTERS:
        assert decoded == text


@pytest.mark.parametrize("tokenizer_id", BUNDLED_IDS)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_ids_decode_as_the_library_decodes_them(tokenizer_id: str, data: st.DataObject) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    specials = sorted(tokenizer.kinds)
    known = st.integers(0, tokenizer.vocab_size - 1).filter(lambda i: tokenizer.entries_bytes([i]) != [b""])
    ids = data.draw(st.lists(st.sampled_from(specials) | known if specials else known, max_size=8))
    assert tokenizer.decode(ids) == reference_decoder(tokenizer.id)(ids)


@pytest.mark.parametrize(
    ("tokenizer_id", "ids", "expected"),
    [
        ("cl100k_base", [9906, 1917], "Hello world"),
        ("mistral-v1", [1, 22557, 1526], "Hello world"),  # SentencePiece drops <s>
        ("llama2", [1, 15043, 3186], "<s> Hello world"),  # the tokenizer.json writes it
        ("bert-base-uncased", [101, 7592, 2088, 102], "[CLS] hello world [SEP]"),
        ("gemma3", [2, 226767, 19975], "<bos>नमस्ते दुनिया"),
        ("gemma2", [3, 2151], "<unk>Hi"),
        ("xlm-roberta", [0, 6626, 32628, 7], "two spaces"),
        ("umt5", [23231, 3914, 1], "Hello world</s>"),
        ("mistral-tekken", [1, 45497, 13745], "<s>Привет"),
        ("gpt2", [47249], "\ufffd"),  # the first 3 of 😀's 4 bytes
    ],
)
def test_decode_matches_the_raw_librarys_exact_text(tokenizer_id: str, ids: list[int], expected: str) -> None:
    assert tokenlab.load_tokenizer(tokenizer_id).decode(ids) == expected
    assert reference_decoder(tokenizer_id)(ids) == expected


def test_decode_ids_describes_every_id_and_marks_specials() -> None:
    decoded = decode_ids(tokenlab.load_tokenizer("o200k_base"), [13225, 11, 2375, 0, 220, 177519, 61138, 233, 199999])
    assert decoded.text == "Hello, world! 你好 👋<|endoftext|>"
    assert decoded.parts == (("Hello, world! 你好 👋", False), ("<|endoftext|>", True))
    assert decoded.rows()[5:] == [
        {"position": 6, "id": 177519, "piece": "你好", "bytes": "e4 bd a0 e5 a5 bd", "kind": "normal"},
        {"position": 7, "id": 61138, "piece": " <0xF0><0x9F><0x91>", "bytes": "20 f0 9f 91", "kind": "normal"},
        {"position": 8, "id": 233, "piece": "<0x8B>", "bytes": "8b", "kind": "normal"},
        {
            "position": 9,
            "id": 199999,
            "piece": "<|endoftext|>",
            "bytes": "3c 7c 65 6e 64 6f 66 74 65 78 74 7c 3e",
            "kind": "special",
        },
    ]


@pytest.mark.parametrize("tokenizer_id", ["qwen3", "llama3", "deepseek-v3", "gpt2"])
def test_parts_join_to_the_librarys_text(tokenizer_id: str) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    special_ids = sorted(i for i, kind in tokenizer.kinds.items() if kind is tokenlab.TokenKind.SPECIAL)
    first, last = (tokenizer.token_bytes(i).decode() for i in (special_ids[0], special_ids[-1]))
    text = f"{first}Hi there, 你好{last}\nمرحبا 2024{first}"
    ids = tokenizer.encode_prompt(text)
    assert [i for i in ids if i in special_ids] == [special_ids[0], special_ids[-1], special_ids[0]]
    decoded = decode_ids(tokenizer, ids)
    assert "".join(part for part, _ in decoded.parts) == decoded.text == text
    assert [part for part, special in decoded.parts if special] == [first, last, first]


def test_a_sentencepiece_run_after_a_special_keeps_its_space() -> None:
    mistral = tokenlab.load_tokenizer("mistral-v1")  # "▁Hello"=22557, "▁world"=1526, </s>=2
    decoded = decode_ids(mistral, [1, 22557, 2, 1526, 1526])
    assert decoded.text == "Hello world world"  # SentencePiece drops <s> and </s>
    assert decoded.parts == (("<s>", True), ("Hello", False), ("</s>", True), ("world world", False))
    decoded = decode_ids(mistral, [22557, 1526, 2, 22557])
    assert decoded.parts == (("Hello world", False), ("</s>", True), ("Hello", False))


def test_ids_outside_the_vocabulary_are_refused_by_position() -> None:
    with pytest.raises(InvalidIdsError) as refused:
        decode_ids(tokenlab.load_tokenizer("gpt2"), [15496, 50257, 995, 99999999])
    assert str(refused.value) == (
        "GPT-2 / GPT-3 (r50k_base) has no token with id 50257 (item 2), 99999999 (item 4): its vocabulary has "
        "50,257 entries, counted from 0. Check that the ids come from this tokenizer, or pick the one they came from."
    )


def test_only_the_first_five_unknown_ids_are_listed() -> None:
    with pytest.raises(InvalidIdsError, match=r"id 40000 \(item 1\), .*, 40004 \(item 5\) and 2 more: its vocabulary"):
        decode_ids(tokenlab.load_tokenizer("bert-base-uncased"), list(range(40000, 40007)))


def test_an_unassigned_id_inside_the_range_is_refused() -> None:
    with pytest.raises(InvalidIdsError, match=r"has no token with id 200013 \(item 1\)"):
        decode_ids(tokenlab.load_tokenizer("o200k_base"), [200013])


def test_a_visitors_tokenizer_decodes_in_the_sandbox_and_refuses_unknown_ids() -> None:
    path = settings_module.TOKENIZER_DIR / "bert_base_uncased" / "tokenizer.json"
    remote = sandboxed_tokenizer(path.read_bytes(), "tokenizer.json")
    decoded = decode_ids(remote, [101, 7592, 2088, 102, 7592])
    assert decoded.parts == (("[CLS]", True), ("hello world", False), ("[SEP]", True), ("hello", False))
    assert decoded.text == "[CLS] hello world [SEP] hello"
    with pytest.raises(
        InvalidIdsError, match=r"^tokenizer\.json has no token with id 40000 \(item 2\): its vocabulary"
    ):
        decode_ids(remote, [5, 40000])
