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

from tests.samples import CATALOGUE_IDS

DATA = Path(__file__).resolve().parent.parent / "data"
MAX_FILE_BYTES = 7_100_000
DATA_BUDGET_BYTES = 80_000_000
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


def test_data_stays_within_its_80_mb_budget():
    assert sum(p.stat().st_size for p in bundled_files()) < DATA_BUDGET_BYTES


def test_tokenizer_manifest_lists_the_23_tokenizers_in_order():
    manifest = tokenizer_manifest()
    assert manifest["schema"] == 1
    assert [e["id"] for e in manifest["tokenizers"]] == CATALOGUE_IDS


def test_every_tiktoken_rank_file_has_a_sidecar_with_the_documented_keys():
    for entry in tokenizer_manifest()["tokenizers"]:
        if entry["loader"] != "tiktoken":
            continue
        rank_file, sidecar = entry["files"]
        assert rank_file.endswith(".tiktoken") and sidecar == rank_file.removesuffix(".tiktoken") + ".json"
        meta = json.loads((DATA / "tokenizers" / sidecar).read_text(encoding="utf-8"))
        # Qwen3.5's ranks were a tokenizer.json with NFC and added tokens matched in text.
        assert SIDECAR_KEYS <= set(meta) <= SIDECAR_KEYS | {"matched_tokens", "normalizer"}, sidecar
        assert meta["n_vocab"] == entry["vocab_size"], sidecar
        assert all(0 <= i < meta["n_vocab"] for i in meta["special_tokens"].values()), sidecar


def test_a_converted_tokenizer_names_the_bundled_file_it_was_converted_from():
    converted = [entry for entry in tokenizer_manifest()["tokenizers"] if "converted_from" in entry]
    assert sorted(entry["id"] for entry in converted) == ["gemma2", "gemma3", "umt5"]
    keys = {  # Gemma's BPE models; umT5's Unigram model (see tokenlab's SentencePiece backend)
        "gemma3": {"n_vocab", "tokens_before_normalizer"},
        "gemma2": {"n_vocab", "tokens_before_normalizer"},
        "umt5": {"n_vocab", "unknown_id", "special_ids", "empty_ids", "format_tokens", "whitespace"},
    }
    for entry in converted:
        original = entry["converted_from"]
        assert sha256_of(DATA / "tokenizers" / original["file"]) == original["sha256"], entry["id"]
        assert original["file"] not in entry["files"], entry["id"]
        model, sidecar = entry["files"]
        assert entry["loader"] == "sentencepiece" and model.endswith(".model.gz"), entry["id"]
        meta = json.loads((DATA / "tokenizers" / sidecar).read_text(encoding="utf-8"))
        assert set(meta) == keys[entry["id"]] and meta["n_vocab"] == entry["vocab_size"], entry["id"]


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
