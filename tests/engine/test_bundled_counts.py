"""Shipped counts (data/counts/): present for every bundled pair, equal to a live count, and the
reason a fresh server's default pages load no tokenizer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tokenlab
from tokenlab import settings
from tokenlab.engine import bundled_counts
from tokenlab.engine.bundled_counts import COUNTS_FILES, shipped_runs
from tokenlab.engine.encoding import BASELINES, bundled_cache_key

REBUILD = "data/counts/ is stale: rebuild it with `python scripts/build_counts.py data`"


@pytest.mark.parametrize("corpus_name", [name for name in tokenlab.list_corpora() if name != "udhr"])
def test_every_bundled_tokenizer_s_count_of_every_bundled_corpus_is_shipped(corpus_name: str) -> None:
    corpus_hash = tokenlab.load_corpus(corpus_name).content_hash
    ids = [*(info.id for info in tokenlab.list_tokenizers()), *BASELINES]
    missing = [i for i in ids if (corpus_hash, bundled_cache_key(i)) not in shipped_runs()]
    assert missing == [], REBUILD


@pytest.mark.parametrize(
    ("corpus_name", "tokenizers"),
    [
        ("udhr-subset", ["o200k_base", "qwen3", "mistral-v1", "bert-base-uncased"]),
        ("code", [info.id for info in tokenlab.list_tokenizers()]),
    ],
)
def test_a_shipped_run_equals_a_live_count(tmp_path: Path, corpus_name: str, tokenizers: list[str]) -> None:
    corpus = tokenlab.load_corpus(corpus_name)
    live_store, shipped_store = tokenlab.Store(tmp_path / "live.duckdb"), tokenlab.Store(tmp_path / "shipped.duckdb")
    live = tokenlab.profile_corpus(corpus, tokenizers, store=live_store, bundled_counts=False)
    shipped = tokenlab.profile_corpus(corpus, tokenizers, store=shipped_store)
    assert (live_store.runs_written, live_store.runs_imported) == (len(tokenizers) + 2, 0)
    assert (shipped_store.runs_written, shipped_store.runs_imported) == (0, len(tokenizers) + 2)
    for key in live.tokenizer_keys.values():
        assert shipped_store.document_counts(corpus.content_hash, key).equals(
            live_store.document_counts(corpus.content_hash, key)
        )
        assert shipped_store.token_usage_counts(corpus.content_hash, key).equals(
            live_store.token_usage_counts(corpus.content_hash, key)
        )
    assert tokenlab.corpus_metrics.summary(shipped).equals(tokenlab.corpus_metrics.summary(live))


def test_a_fresh_process_answers_from_shipped_counts_without_loading_a_tokenizer(tmp_path: Path) -> None:
    script = (
        "import tokenlab\n"
        "from tokenlab.tokenizers.registry import loaded_tokenizers\n"
        f"store = tokenlab.Store({str(tmp_path / 'fresh.duckdb')!r})\n"
        "ids = ['o200k_base', 'llama3', 'qwen3', 'gemma3', 'mistral-v1', 'bert-base-uncased']\n"
        "profile = tokenlab.profile_corpus(tokenlab.load_corpus('udhr-subset'), ids, store=store)\n"
        "print(loaded_tokenizers(), store.runs_written, store.runs_imported)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300)
    assert done.stdout.strip() == "[] 0 8"


def test_the_532_version_udhr_is_not_shipped_so_its_runs_are_whole_when_counted() -> None:
    corpus_hash = tokenlab.load_corpus("udhr").content_hash
    assert not any(shipped_hash == corpus_hash for shipped_hash, _ in shipped_runs())


def test_counts_that_do_not_match_the_manifest_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(settings.DATA_DIR / "MANIFEST.sha256", tmp_path / "MANIFEST.sha256")
    shutil.copytree(settings.DATA_DIR / "counts", tmp_path / "counts")
    runs = tmp_path / "counts" / COUNTS_FILES["runs"]
    runs.write_bytes(runs.read_bytes()[:-1] + b"\0")
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(bundled_counts, "_shipped", None)
    assert shipped_runs() == frozenset()
