"""Counts that ship with tokenlab: every bundled corpus counted by every bundled tokenizer.

scripts/build_counts.py writes data/counts/ with exactly the rows `profile_corpus` writes to
the profile cache, keyed by the same cache keys. On a cache miss the engine copies a shipped
run into the store instead of counting it, so the default pages of a fresh server load no
tokenizer. A run is shipped only for the exact corpus content and tokenizer files it was
counted from; anything else finds no match and is counted live. The files are checked against
data/MANIFEST.sha256 before first use, like the tokenizers: edited counts are never read.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import pyarrow.parquet as pq

from tokenlab import settings

log = logging.getLogger(__name__)

#: Table of the profile cache -> its file in data/counts/.
COUNTS_FILES = {"runs": "runs.parquet", "doc_counts": "doc_counts.parquet", "token_usage": "token_usage.parquet"}

_lock = threading.Lock()
_shipped: frozenset[tuple[str, str]] | None = None


def counts_dir() -> Path:
    return settings.DATA_DIR / "counts"


def shipped_runs() -> frozenset[tuple[str, str]]:
    """The (corpus hash, tokenizer key) pairs data/counts/ holds; empty when the files are
    missing or do not match the manifest."""
    global _shipped
    with _lock:
        if _shipped is None:
            _shipped = _read_shipped()
        return _shipped


def _read_shipped() -> frozenset[tuple[str, str]]:
    files = {name: counts_dir() / file for name, file in COUNTS_FILES.items()}
    if not all(path.is_file() for path in files.values()):
        return frozenset()
    expected = _manifest_hashes()
    for path in files.values():
        rel = f"./{path.relative_to(settings.DATA_DIR).as_posix()}"
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected.get(rel):
            log.warning("%s does not match data/MANIFEST.sha256; shipped counts are not used.", rel)
            return frozenset()
    runs = pq.read_table(files["runs"], columns=["corpus_hash", "tokenizer_key"]).to_pylist()
    return frozenset((row["corpus_hash"], row["tokenizer_key"]) for row in runs)


def _manifest_hashes() -> dict[str, str]:
    try:
        lines = (settings.DATA_DIR / "MANIFEST.sha256").read_text(encoding="ascii").splitlines()
    except FileNotFoundError:
        return {}
    return {rel: digest for digest, rel in (line.split(None, 1) for line in lines)}


def counts_file(table: str) -> str:
    """The path of a shipped table, as DuckDB reads it."""
    return str(counts_dir() / COUNTS_FILES[table])
