"""Segmentation: spans map back to the exact characters of the input, for every tokenizer."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenlab
from tests.conftest import BUNDLED_IDS
from tests.reference import reference_encoder
from tests.samples import MULTILINGUAL
from tokenlab import Segmentation, Token, TokenKind
from tokenlab.text.segment import char_spans_from_byte_spans, readable_bytes

#: Tokenizers whose normalizer merges or drops input characters: NFC/NFKC compose "e" + U+0301
#: into one character mapped to "e" alone (Qwen, Claude, GPT-NeoX), BERT drops spaces and
#: control characters, the SentencePiece charsmaps of Jurassic-2 and XLM-R drop some, XLM-R
#: and umT5 collapse runs of spaces, and Falcon and StarCoder2 have no token for some bytes
#: (control characters; code points past plane 3) and drop them, as their original tokenizers
#: do. Every other bundled tokenizer covers its input.
MAY_DROP_CHARACTERS = {
    "qwen3",
    "claude-legacy",
    "bert-base-uncased",
    "ai21-j2",
    "xlm-roberta",
    "umt5",
    "qwen3.5",
    "gpt-neox",
    "falcon",
    "starcoder",
}

UNICODE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
HARD_PIECES = st.sampled_from(
    [
        "👨‍👩‍👧‍👦",
        "👍🏽",
        "🇺🇳",
        "e\u0301",
        "Z\u0335\u0321\u0322",
        "مرحبا",
        "שָׁלוֹם",
        "\u202eRTL\u202c",
        "\r\n",
        "\x00",
        "\t\t",
        "   ",
        "\u200d",
        "\ufeff",
        "<|endoftext|>",
        "<s>",
        "[UNK]",
        "ﬁ",
        "𓀀",
        "日本語",
        "ஆ",
        "a" * 300,
        " " * 200,
    ]
)
MIXED_TEXT = st.lists(st.one_of(HARD_PIECES, UNICODE_TEXT), max_size=6).map("".join)


def covered_text(segmentation: Segmentation) -> str:
    """The input as the tokens cover it: a span shared by several tokens is counted once."""
    parts, cursor = [], 0
    for token in segmentation:
        parts.append(segmentation.text[max(cursor, token.start) : token.end])
        cursor = max(cursor, token.end)
    return "".join(parts)


def check_segmentation_invariants(tokenizer: tokenlab.Tokenizer, text: str) -> None:
    segmentation = tokenizer.segment(text)
    assert segmentation.ids == tokenizer.encode(text)
    previous_start = previous_end = 0
    for token in segmentation:
        assert 0 <= token.start <= token.end <= len(text)
        assert token.start >= previous_start and token.end >= previous_end, "spans must stay in order"
        assert token.partial == (token.bytes.decode("utf-8", errors="ignore").encode() != token.bytes)
        assert token.bytes == tokenizer.token_bytes(token.id)
        previous_start, previous_end = token.start, token.end
    if tokenizer.id not in MAY_DROP_CHARACTERS:
        assert segmentation.gaps() == []
        assert covered_text(segmentation) == text
    for start, end in segmentation.gaps():
        assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("tokenizer_id", BUNDLED_IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MIXED_TEXT)
def test_spans_are_ordered_and_cover_the_input(tokenizer_id: str, text: str) -> None:
    check_segmentation_invariants(tokenlab.load_tokenizer(tokenizer_id), text)


@pytest.mark.parametrize("sample", sorted(MULTILINGUAL))
def test_multilingual_samples_keep_every_invariant(tokenizer: tokenlab.Tokenizer, sample: str) -> None:
    check_segmentation_invariants(tokenizer, MULTILINGUAL[sample])


def test_byte_level_tokens_concatenate_to_the_input_bytes() -> None:
    text = MULTILINGUAL["emoji"] + MULTILINGUAL["hindi"]
    for tokenizer_id in ("gpt2", "cl100k_base", "o200k_base", "llama3", "mistral-tekken", "deepseek-v3"):
        segmentation = tokenlab.load_tokenizer(tokenizer_id).segment(text)
        assert b"".join(token.bytes for token in segmentation) == text.encode("utf-8"), tokenizer_id


def test_gpt2_splits_an_emoji_into_partial_tokens_sharing_its_span() -> None:
    segmentation = tokenlab.load_tokenizer("gpt2").segment("a😀")
    assert [(t.id, t.start, t.end, t.bytes, t.partial) for t in segmentation] == [
        (64, 0, 1, b"a", False),
        (47249, 1, 2, b"\xf0\x9f\x98", True),
        (222, 1, 2, b"\x80", True),
    ]
    assert [t.piece for t in segmentation] == ["a", "<0xF0><0x9F><0x98>", "<0x80>"]


def test_offsets_are_characters_not_bytes() -> None:
    segmentation = tokenlab.load_tokenizer("o200k_base").segment("你好 world")
    assert [(t.start, t.end) for t in segmentation] == [(0, 2), (2, 8)]
    assert [segmentation.text[t.start : t.end] for t in segmentation] == ["你好", " world"]


def test_llama2_byte_fallback_tokens_are_flagged_and_share_the_character() -> None:
    segmentation = tokenlab.load_tokenizer("llama2").segment("🧬")
    fallback = [t for t in segmentation if t.is_byte_fallback]
    assert [t.bytes for t in fallback] == [b"\xf0", b"\x9f", b"\xa7", b"\xac"]
    assert {(t.start, t.end) for t in fallback} == {(0, 1)}
    assert all(t.partial and t.kind is TokenKind.BYTE_FALLBACK for t in fallback)


def test_mistral_sentencepiece_byte_offsets_become_character_offsets() -> None:
    segmentation = tokenlab.load_tokenizer("mistral-v1").segment("a𓀀b")
    assert [(t.piece, t.start, t.end) for t in segmentation] == [
        (" a", 0, 1),
        ("<0xF0>", 1, 2),
        ("<0x93>", 1, 2),
        ("<0x80>", 1, 2),
        ("<0x80>", 1, 2),
        ("b", 2, 3),
    ]


def test_whole_character_byte_fallback_is_not_partial() -> None:
    tab = [t for t in tokenlab.load_tokenizer("mistral-v1").segment("a\tb") if t.is_byte_fallback]
    assert [(t.piece, t.partial) for t in tab] == [("\t", False)]


@pytest.mark.parametrize(
    ("tokenizer_id", "text", "gap"), [("falcon", "a\x19b", (1, 2)), ("starcoder", "\U00040000:", (1, 2))]
)
def test_bytes_without_a_token_are_dropped_and_reported(tokenizer_id: str, text: str, gap: tuple[int, int]) -> None:
    segmentation = tokenlab.load_tokenizer(tokenizer_id).segment(text)
    assert segmentation.gaps() == [gap]


def test_nfc_composition_leaves_the_combining_mark_outside_every_span() -> None:
    segmentation = tokenlab.load_tokenizer("qwen3").segment("xe\u0301y")
    assert [(t.piece, t.start, t.end) for t in segmentation] == [("x", 0, 1), ("é", 1, 2), ("y", 3, 4)]
    assert segmentation.gaps() == [(2, 3)]


def test_bert_marks_unknown_tokens_and_reports_dropped_characters() -> None:
    segmentation = tokenlab.load_tokenizer("bert-base-uncased").segment("Hi 😀 there")
    assert [(t.piece, t.kind) for t in segmentation] == [
        ("hi", TokenKind.NORMAL),
        ("[UNK]", TokenKind.UNKNOWN),
        ("there", TokenKind.NORMAL),
    ]
    assert segmentation[1].is_unknown and segmentation.text[segmentation[1].start : segmentation[1].end] == "😀"
    assert segmentation.gaps() == [(2, 3), (4, 5)]


@pytest.mark.parametrize(
    ("tokenizer_id", "literal", "special_id"),
    [
        ("o200k_base", "<|endoftext|>", 199999),
        ("cl100k_base", "<|endoftext|>", 100257),
        ("llama3", "<|begin_of_text|>", 128000),
        ("qwen3", "<|im_start|>", 151644),
        ("gemma3", "<bos>", 2),
        ("llama2", "<s>", 1),
        ("mistral-v1", "<s>", 1),
        ("bert-base-uncased", "[CLS]", 101),
        ("deepseek-v3", "<｜begin▁of▁sentence｜>", 0),
        ("qwen3.5", "<|im_start|>", 248045),
        ("command-r", "<BOS_TOKEN>", 5),
        ("gemma2", "<bos>", 2),
        ("falcon", "<|endoftext|>", 11),
        ("starcoder", "<fim_prefix>", 1),
        ("gpt-neox", "<|endoftext|>", 0),
        ("xlm-roberta", "<s>", 0),
    ],
)
def test_special_token_lookalikes_in_user_text_stay_text(tokenizer_id: str, literal: str, special_id: int) -> None:
    tokenizer = tokenlab.load_tokenizer(tokenizer_id)
    text = f"say {literal} now"
    segmentation = tokenizer.segment(text)
    assert special_id not in segmentation.ids
    assert segmentation.ids == reference_encoder(tokenizer_id)(text)  # the library's own ids, specials as text
    assert not any(token.is_special for token in segmentation)


def test_encode_never_adds_bos_or_eos(tokenizer: tokenlab.Tokenizer) -> None:
    assert tokenizer.encode("") == []
    assert tokenizer.segment("").tokens == []


@pytest.mark.parametrize("text", ["a\ud800b", "\udfff"])
def test_lone_surrogates_are_rejected_with_a_clear_message(tokenizer: tokenlab.Tokenizer, text: str) -> None:
    with pytest.raises(ValueError, match=r"not valid Unicode: position \d+ holds a lone surrogate"):
        tokenizer.segment(text)
    with pytest.raises(tokenlab.InvalidTextError):
        tokenizer.encode(text)


def test_non_text_input_is_rejected() -> None:
    with pytest.raises(tokenlab.InvalidTextError, match="Expected text \\(str\\), got bytes"):
        tokenlab.load_tokenizer("gpt2").encode(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("sample", ["english", "chinese", "emoji", "whitespace", "code"])
def test_decode_inverts_encode_for_lossless_tokenizers(tokenizer: tokenlab.Tokenizer, sample: str) -> None:
    if tokenizer.id in MAY_DROP_CHARACTERS:
        pytest.skip("normalizing tokenizers return normalized text")
    text = MULTILINGUAL[sample]
    assert tokenizer.decode(tokenizer.encode(text)) == text


def test_readable_bytes_shows_invalid_bytes_as_hex() -> None:
    assert readable_bytes(b"\xe4\xbd\xa0\xe5") == "你<0xE5>"
    assert readable_bytes(b" ok") == " ok"


def test_byte_spans_inside_a_character_widen_to_it() -> None:
    assert char_spans_from_byte_spans("é!", [0, 1, 1, 2], [1, 2, 1, 3]) == ([0, 0, 0, 1], [1, 1, 1, 2])
    assert char_spans_from_byte_spans("ab", [0, 1], [1, 2]) == ([0, 1], [1, 2])


@pytest.mark.parametrize(
    ("text", "byte_starts", "byte_ends", "expected"),
    [
        ("ab", [0, 1], [0, 2], ([0, 1], [1, 2])),  # an empty span becomes the character at its start
        ("ab", [2], [2], ([2], [2])),  # ... except at the end of the text, where there is none
        ("é", [2], [2], ([1], [1])),  # the same past the last of a character's bytes
        ("é", [], [], ([], [])),  # a text no token covers (BERT on a lone combining mark)
    ],
)
def test_empty_byte_spans_by_hand(
    text: str, byte_starts: list[int], byte_ends: list[int], expected: tuple[list[int], list[int]]
) -> None:
    assert char_spans_from_byte_spans(text, byte_starts, byte_ends) == expected


def test_columns_of_different_lengths_are_refused_not_cut_short() -> None:
    with pytest.raises(ValueError, match="zip"):
        char_spans_from_byte_spans("ab", [0, 1], [1])
    torn = Segmentation("gpt2", "ab", ids=[64, 65], starts=[0], ends=[1, 2], token_bytes=[b"a", b"b"])
    with pytest.raises(ValueError, match="zip"):
        list(torn)
    with pytest.raises(ValueError, match="zip"):
        torn.gaps()


def test_indexing_gives_the_tokens_iteration_gives() -> None:
    segmentation = tokenlab.load_tokenizer("llama2").segment("a😀")  # a normal piece, then byte fallback
    assert segmentation[0] == Token(263, 0, 1, b" a", TokenKind.NORMAL)
    assert [segmentation[i] for i in range(len(segmentation))] == list(segmentation)
    assert [t.kind for t in segmentation] == [TokenKind.NORMAL] + [TokenKind.BYTE_FALLBACK] * 4


def test_a_dropped_first_character_is_a_gap() -> None:
    segmentation = tokenlab.load_tokenizer("bert-base-uncased").segment(" a")  # BERT drops the space
    assert [(t.id, t.start, t.end) for t in segmentation] == [(1037, 1, 2)]
    assert segmentation.gaps() == [(0, 1)]
