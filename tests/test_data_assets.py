"""Integrity checks for the vendored data/ tree built by scripts/build_data.py.

They run offline in well under a second: they only hash files and read the small
manifests, so silent corruption, a forgotten manifest update or an oversized file
fails CI before any tokenizer is loaded.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_FILE_BYTES = 7_100_000
EXPECTED_TOKENIZER_IDS = [
    "gpt2", "cl100k_base", "o200k_base", "whisper", "llama2", "llama3", "llama4", "mistral-v1",
    "mistral-tekken", "qwen3", "gemma3", "deepseek-v3", "claude-legacy", "bert-base-uncased", "ai21-j2",
]
SIDECAR_KEYS = {"pat_str", "special_tokens", "id_offset", "n_vocab", "bos", "eos", "source"}


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_entries() -> dict[str, str]:
    """MANIFEST.sha256 as {path relative to data/: hex}."""
    entries = {}
    for line in (DATA / "MANIFEST.sha256").read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        entries[rel.removeprefix("./")] = digest
    return entries


def tokenizer_manifest() -> dict:
    return json.loads((DATA / "tokenizers" / "manifest.json").read_text(encoding="utf-8"))


def corpora_manifest() -> dict:
    return json.loads((DATA / "corpora" / "manifest.json").read_text(encoding="utf-8"))


def bundled_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file())


def test_every_bundled_file_matches_its_sha256():
    mismatched = [rel for rel, digest in manifest_entries().items() if sha256_of(DATA / rel) != digest]
    assert mismatched == []


def test_every_file_in_data_is_listed_in_the_sha256_manifest():
    on_disk = {p.relative_to(DATA).as_posix() for p in bundled_files()} - {"MANIFEST.sha256"}
    assert on_disk == set(manifest_entries())


def test_sha256_manifest_is_sorted_by_path():
    paths = list(manifest_entries())
    assert paths == sorted(paths)


def test_tokenizer_manifest_sha256_values_agree_with_the_files():
    for entry in tokenizer_manifest()["tokenizers"]:
        assert list(entry["sha256"]) == entry["files"], entry["id"]
        for rel, digest in entry["sha256"].items():
            assert sha256_of(DATA / "tokenizers" / rel) == digest, rel


def test_corpora_manifest_sha256_values_agree_with_the_files():
    for entry in corpora_manifest()["corpora"]:
        assert sha256_of(DATA / "corpora" / entry["file"]) == entry["sha256"], entry["id"]


def test_tokenizer_manifest_lists_the_15_tokenizers_in_order():
    manifest = tokenizer_manifest()
    assert manifest["schema"] == 1
    assert [e["id"] for e in manifest["tokenizers"]] == EXPECTED_TOKENIZER_IDS


def test_every_tiktoken_rank_file_has_a_sidecar_with_the_documented_keys():
    for entry in tokenizer_manifest()["tokenizers"]:
        if entry["loader"] != "tiktoken":
            continue
        rank_file, sidecar = entry["files"]
        assert rank_file.endswith(".tiktoken") and sidecar == rank_file.removesuffix(".tiktoken") + ".json"
        meta = json.loads((DATA / "tokenizers" / sidecar).read_text(encoding="utf-8"))
        assert set(meta) == SIDECAR_KEYS, sidecar
        assert meta["n_vocab"] == entry["vocab_size"], sidecar
        assert all(0 <= i < meta["n_vocab"] for i in meta["special_tokens"].values()), sidecar


@pytest.mark.parametrize("path", bundled_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_no_bundled_file_is_larger_than_7_1_mb(path: Path):
    assert path.stat().st_size <= MAX_FILE_BYTES


def test_notice_mentions_every_licence_named_in_the_manifests():
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    licences = {e["licence"] for e in tokenizer_manifest()["tokenizers"]}
    licences |= {e["licence"] for e in corpora_manifest()["corpora"]}
    assert sorted(lic for lic in licences if lic not in notice) == []


def test_notice_refers_only_to_bundled_licence_texts():
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    referenced = {word.rstrip(".,)") for word in notice.split() if word.startswith("licenses/")} - {"licenses/"}
    assert referenced and all((DATA / rel).is_file() for rel in referenced), referenced
