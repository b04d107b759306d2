"""Tokenizers the user brings: recognised by content, read like bundled ones, clear errors otherwise."""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import pytest

import tokenlab
from tokenlab import settings
from tests.samples import MULTILINGUAL

TEXT = MULTILINGUAL["probe"] + " " + MULTILINGUAL["emoji"]


def bundled_path(tokenizer_id: str, index: int = 0) -> Path:
    return settings.TOKENIZER_DIR / tokenlab.tokenizer_info(tokenizer_id).files[index]


def test_gzipped_tokenizer_json_loads_like_the_bundled_one(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.json.gz"
    shutil.copy(bundled_path("qwen3"), path)
    tokenizer = tokenlab.load_tokenizer_file(path)
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("qwen3").encode(TEXT)
    assert (tokenizer.id, tokenizer.algorithm, tokenizer.vocab_size) == ("file:tokenizer.json.gz", "byte-level BPE", 151669)


def test_plain_tokenizer_json_from_bytes(tmp_path: Path) -> None:
    data = gzip.decompress(bundled_path("llama2").read_bytes())
    tokenizer = tokenlab.load_tokenizer_bytes(data, "../../etc/llama2.json")
    assert tokenizer.id == "file:llama2.json"  # a path in an upload's name is only a label
    assert tokenizer.algorithm == "SentencePiece BPE"
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("llama2").encode(TEXT)


def test_llama3_tokenizer_model_is_recognised_as_tiktoken_and_gets_its_pattern(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer.model"  # Meta ships Llama 3's rank file under this name
    shutil.copy(bundled_path("llama3"), path)
    tokenizer = tokenlab.load_tokenizer_file(path)
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("llama3").encode(TEXT)
    assert "Same ranks as the bundled llama3" in tokenizer.info.notes


def test_tiktoken_file_uses_its_sidecar(tmp_path: Path) -> None:
    shutil.copy(bundled_path("mistral-tekken"), tmp_path / "tekken.tiktoken")
    shutil.copy(bundled_path("mistral-tekken", 1), tmp_path / "tekken.json")
    tokenizer = tokenlab.load_tokenizer_file(tmp_path / "tekken.tiktoken")
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("mistral-tekken").encode(TEXT)


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
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("ai21-j2").encode(TEXT)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.bin is empty."),
        (b'{"model": {"type": "BPE"', "empty.bin is not a valid tokenizer.json"),
        (b"\x1f\x8b\x08\x00garbage", "empty.bin is not a UTF-8 (or gzipped) tokenizer.json"),
        (b"\x89PNG\r\n\x1a\nnot a tokenizer", "empty.bin is not a tokenizer file tokenlab can read"),
        (b"SGVsbG8= 1\nnot a rank line\n", "empty.bin is not a tiktoken rank file: line 2"),
    ],
)
def test_corrupt_or_foreign_files_get_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match=f"^{message.replace('(', '.').replace(')', '.')}"):
        tokenlab.load_tokenizer_bytes(data, "empty.bin")


def test_oversized_file_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "MAX_TOKENIZER_FILE_BYTES", 10)
    with pytest.raises(tokenlab.TokenizerLoadError, match="big.json is 0 MB; tokenizer files up to 0 MB"):
        tokenlab.load_tokenizer_bytes(b"{" + b" " * 20 + b"}", "big.json")


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError, match="Cannot read .*nope.json"):
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
    assert tokenizer.encode(TEXT) == tokenlab.load_tokenizer("deepseek-v3").encode(TEXT)
    assert tokenizer.vocab_size == 128815


def test_hub_id_without_network_fails_within_the_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.setattr(settings, "HUB_HOST", "127.0.0.1")  # nothing listens on :443 here
    started = time.monotonic()
    with pytest.raises(tokenlab.TokenizerLoadError, match="127.0.0.1 is not reachable \\(offline\\?\\)"):
        tokenlab.load_hub_tokenizer("Qwen/Qwen3-0.6B")
    assert time.monotonic() - started < settings.HUB_CONNECT_TIMEOUT_S + 1
