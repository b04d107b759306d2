"""Tokenizers the user brings: recognised by content, read like bundled ones, clear errors otherwise."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import time
from pathlib import Path

import pytest

import tokenlab
from tests.reference import reference_encoder
from tests.samples import MULTILINGUAL
from tokenlab import settings

TEXT = MULTILINGUAL["probe"] + " " + MULTILINGUAL["emoji"]


def bundled_path(tokenizer_id: str, index: int = 0) -> Path:
    return settings.TOKENIZER_DIR / tokenlab.tokenizer_info(tokenizer_id).files[index]


def test_gzipped_tokenizer_json_loads_like_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.json.gz"
    shutil.copy(bundled_path("qwen3"), path)
    tokenizer = tokenlab.load_tokenizer_file(path)
    assert tokenizer.encode(TEXT) == reference_encoder("qwen3")(TEXT)
    assert (tokenizer.id, tokenizer.algorithm, tokenizer.vocab_size) == (
        "file:tokenizer.json.gz",
        "byte-level BPE",
        151669,
    )


def test_plain_tokenizer_json_from_bytes(tmp_path: Path) -> None:
    data = gzip.decompress(bundled_path("llama2").read_bytes())
    tokenizer = tokenlab.load_tokenizer_bytes(data, "../../etc/llama2.json")
    assert tokenizer.id == "file:llama2.json"  # a path in an upload's name is only a label
    assert tokenizer.algorithm == "SentencePiece BPE"
    assert tokenizer.encode(TEXT) == reference_encoder("llama2")(TEXT)


def test_llama3_tokenizer_model_is_recognised_as_tiktoken_and_gets_its_pattern(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.model"  # Meta ships Llama 3's rank file under this name
    shutil.copy(bundled_path("llama3"), path)
    tokenizer = tokenlab.load_tokenizer_file(path)
    assert tokenizer.encode(TEXT) == reference_encoder("llama3")(TEXT)
    assert "Same ranks as the bundled llama3" in tokenizer.info.notes


def test_tiktoken_file_uses_its_sidecar(tmp_path: Path) -> None:
    shutil.copy(bundled_path("mistral-tekken"), tmp_path / "tekken.tiktoken")
    shutil.copy(bundled_path("mistral-tekken", 1), tmp_path / "tekken.json")
    tokenizer = tokenlab.load_tokenizer_file(tmp_path / "tekken.tiktoken")
    assert tokenizer.encode(TEXT) == reference_encoder("mistral-tekken")(TEXT)


def test_unknown_rank_file_falls_back_to_cl100k_pattern_and_says_so() -> None:
    ranks = b"".join(b"%s %d\n" % (__import__("base64").b64encode(bytes([i])), i) for i in range(256))
    tokenizer = tokenlab.load_tokenizer_bytes(ranks, "bytes.tiktoken")
    assert tokenizer.encode("hi") == [ord("h"), ord("i")]
    assert "cl100k_base's is assumed" in tokenizer.info.notes


def test_sentencepiece_model_file(tmp_path: Path) -> None:
    path = tmp_path / "spm.model"
    shutil.copy(bundled_path("ai21-j2"), path)
    tokenizer = tokenlab.load_tokenizer_file(path)
    assert tokenizer.algorithm == "SentencePiece Unigram"
    assert tokenizer.encode(TEXT) == reference_encoder("ai21-j2")(TEXT)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.bin is empty."),
        (b'{"model": {"type": "BPE"', "empty.bin is not JSON (line 1, column 25: Expecting ',' delimiter)."),
        (b'{"model": {"type": "BPE"}}', "empty.bin is not a valid tokenizer.json: Missing vocab/merges"),
        (b"\x1f\x8b\x08\x00" + bytes(6) + b"\xff\xff\xff", "empty.bin is not a valid gzip file (Error -3"),
        (gzip.compress(b'{"model": {}}', mtime=0)[:-9], "empty.bin is a truncated gzip file. Upload the whole file."),
        (b"\x89PNG\r\n\x1a\nnot a tokenizer", "empty.bin is not a tokenizer file tokenlab can read"),
        (b"SGVsbG8= 1\nnot a rank line\n", "empty.bin is not a tiktoken rank file: line 2"),
    ],
)
def test_corrupt_or_foreign_files_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match=f"^{message.replace('(', '.').replace(')', '.')}"):
        tokenlab.load_tokenizer_bytes(data, "empty.bin")


UPLOAD_THE_TOKENIZER = (
    "Upload the tokenizer.json from the model's files (not its config.json or tokenizer_config.json)."
)


@pytest.mark.parametrize(
    ("document", "found"),
    [
        (
            {"architectures": ["LlamaForCausalLM"], "hidden_size": 4096},
            "its top-level keys are architectures, hidden_size",
        ),
        ({f"key{i}": i for i in range(8)}, "its top-level keys are key0, key1, key2, key3, key4, key5, ..."),
        ({}, "it is empty"),
        (
            {"added_tokens_decoder": {}, "model_max_length": 8192},
            "its top-level keys are added_tokens_decoder, model_max_length",
        ),
    ],
)
def test_json_that_is_not_a_tokenizer_json_says_so(document: dict, found: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError) as raised:
        tokenlab.load_tokenizer_bytes(json.dumps(document).encode(), "config.json")
    assert str(raised.value) == (
        "config.json is JSON but not a tokenizer.json: a tokenizer.json has model, pre_tokenizer, normalizer "
        f"sections, and {found}. {UPLOAD_THE_TOKENIZER}"
    )


def test_oversized_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_TOKENIZER_FILE_BYTES", 10)
    with pytest.raises(tokenlab.TokenizerLoadError, match=re.escape("big.json is 0 MB; tokenizer files up to 0 MB")):
        tokenlab.load_tokenizer_bytes(b"{" + b" " * 20 + b"}", "big.json")


def test_a_gzip_bomb_is_refused_while_inflating_not_after() -> None:
    bomb = gzip.compress(b" " * 200_000_000, compresslevel=9)  # 194 KB that inflate to 200 MB
    assert len(bomb) < 250_000
    started = time.perf_counter()
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        tokenlab.load_tokenizer_bytes(bomb, "bomb.json.gz")
    assert str(refused.value) == (
        "bomb.json.gz decompresses to more than 67 MB; tokenizer files up to that size are accepted. "
        "Upload a smaller tokenizer."
    )
    assert time.perf_counter() - started < 2


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match=r"Cannot read .*nope\.json"):
        tokenlab.load_tokenizer_file(tmp_path / "nope.json")


def test_hub_id_offline_fails_fast_with_a_clear_message() -> None:
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError, match="HF_HUB_OFFLINE is set"):
        tokenlab.load_hub_tokenizer("meta-llama/Llama-3.2-1B")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b/c", "<script>", ""])
def test_hub_id_must_look_like_owner_slash_name(bad_id: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match="is not a Hugging Face model id"):
        tokenlab.load_hub_tokenizer(bad_id)


def test_transformers_path_reads_a_local_model_folder(tmp_path: Path) -> None:
    """The real transformers loading code, on a folder as the Hub would deliver it."""
    (tmp_path / "tokenizer.json").write_bytes(gzip.decompress(bundled_path("deepseek-v3").read_bytes()))
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "PreTrainedTokenizerFast"}))
    tokenizer = tokenlab.load_tokenizer_folder(tmp_path)
    assert tokenizer.encode(TEXT) == reference_encoder("deepseek-v3")(TEXT)
    assert tokenizer.vocab_size == 128815


def test_hub_id_without_network_fails_within_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.setattr(settings, "HUB_HOST", "127.0.0.1")  # nothing listens on :443 here
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError, match=re.escape("127.0.0.1 is not reachable (offline?)")):
        tokenlab.load_hub_tokenizer("Qwen/Qwen3-0.6B")
    assert time.monotonic() - started < settings.HUB_CONNECT_TIMEOUT_S + 1


def test_a_sentencepiece_model_with_a_piece_that_is_not_utf8_is_refused_at_load() -> None:
    """Once a traceback on the Segmentation page: the piece "▁the" of Mistral's model, its first two
    bytes made invalid UTF-8 (SentencePiece loads it; reading the piece in Python fails)."""
    data = bundled_path("mistral-v1").read_bytes()
    at = data.index("▁the\x15".encode())
    broken = data[:at] + b"\xff\xfe" + data[at + 2 :]
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        tokenlab.load_tokenizer_bytes(broken, "broken.model")
    assert str(refused.value) == (
        "broken.model could not be read as a tokenizer ('utf-8' codec can't decode byte 0xff in position 0: "
        "invalid start byte). Upload a Hugging Face tokenizer.json (or .json.gz), a tiktoken rank file "
        "(.tiktoken) or a SentencePiece .model."
    )


def test_a_split_pattern_the_regex_engine_gives_up_on_is_a_segmentation_error() -> None:
    """tiktoken's regex engine stops backtracking after a limit, and tiktoken then panics (a Rust
    panic, a BaseException): the text gets a message, and the tokenizer still segments other text."""
    ranks = bundled_path("gpt2").read_bytes()
    tokenizer = tokenlab.load_tokenizer_bytes(ranks, "r50k.tiktoken", pat_str=r"((a|a)*)(?=b)|.")
    with pytest.raises(tokenlab.SegmentationError) as failed:
        tokenizer.segment("a" * 30)
    assert str(failed.value) == (
        "r50k.tiktoken could not segment this text (called `Result::unwrap()` on an `Err` value: "
        "RuntimeError(BacktrackLimitExceeded))."
    )
    assert len(tokenizer.segment("Hello")) == 5
