"""The profile cache: an embedded DuckDB database of documents and per-document counts.

Counting a corpus with a tokenizer is the slow part (seconds to minutes); answering a metric
from the counts is a query (milliseconds). So counts are stored once per
(tokenizer key, corpus hash): the tokenizer key hashes the tokenizer's files, the corpus hash
hashes the documents, so a second request for the same pair is a cache hit, and a changed
file or document is a miss. Tables:

    corpora      (corpus_hash PK, name, documents, characters)
    documents    (corpus_hash, doc, group_name, part, unit, characters, bytes, words)
    groups       (corpus_hash, group_name, name, iso6393, bcp47, script, direction, latitude, longitude)
    runs         (corpus_hash, tokenizer_key) PK, tokenizer_id, vocab_size, seconds: one per finished count
    doc_counts   (corpus_hash, tokenizer_key, doc, tokens, split_words, continuation_tokens,
                  unknown_tokens, unknown_chars, byte_fallback_tokens)
    token_usage  (corpus_hash, tokenizer_key, group_name, token_id, count)

A run's rows are written in one transaction with its `runs` row, so a half-written run never
looks finished. Every value reaches SQL as a parameter; table and column names are fixed
here. The app shares one `Store` between sessions (threads): each thread gets its own cursor
(DuckDB connections are not thread-safe), and a lock per cache key makes a second session
asking for the same run wait for the first and then read its result.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from tokenlab import settings

MEMORY = ":memory:"

SCHEMA = """
CREATE TABLE IF NOT EXISTS corpora (
    corpus_hash VARCHAR PRIMARY KEY, name VARCHAR, documents BIGINT, characters BIGINT,
    created TIMESTAMP DEFAULT current_timestamp);
CREATE TABLE IF NOT EXISTS documents (
    corpus_hash VARCHAR, doc INTEGER, group_name VARCHAR, part VARCHAR, unit VARCHAR,
    characters BIGINT, bytes BIGINT, words BIGINT);
CREATE TABLE IF NOT EXISTS groups (
    corpus_hash VARCHAR, group_name VARCHAR, name VARCHAR, iso6393 VARCHAR, bcp47 VARCHAR, script VARCHAR,
    direction VARCHAR, latitude DOUBLE, longitude DOUBLE);
CREATE TABLE IF NOT EXISTS runs (
    corpus_hash VARCHAR, tokenizer_key VARCHAR, tokenizer_id VARCHAR, vocab_size BIGINT, seconds DOUBLE,
    created TIMESTAMP DEFAULT current_timestamp, PRIMARY KEY (corpus_hash, tokenizer_key));
CREATE TABLE IF NOT EXISTS doc_counts (
    corpus_hash VARCHAR, tokenizer_key VARCHAR, doc INTEGER, tokens BIGINT, split_words BIGINT,
    continuation_tokens BIGINT, unknown_tokens BIGINT, unknown_chars BIGINT, byte_fallback_tokens BIGINT);
CREATE TABLE IF NOT EXISTS token_usage (
    corpus_hash VARCHAR, tokenizer_key VARCHAR, group_name VARCHAR, token_id BIGINT, count BIGINT);
"""
DOC_COUNT_COLUMNS = ("doc", "tokens", "split_words", "continuation_tokens", "unknown_tokens", "unknown_chars",
                     "byte_fallback_tokens")
DOCUMENT_COLUMNS = ("doc", "group_name", "part", "unit", "characters", "bytes", "words")
GROUP_COLUMNS = ("group_name", "name", "iso6393", "bcp47", "script", "direction", "latitude", "longitude")


def _connect(path: str) -> tuple[duckdb.DuckDBPyConnection, str, str | None]:
    """A connection to `path`, or to an in-memory database with a notice saying why."""
    config = {"memory_limit": settings.DUCKDB_MEMORY_LIMIT, "threads": settings.DUCKDB_THREADS}
    # An in-memory database spills to "./.tmp" by default: keep it in the system's temporary directory.
    in_memory = {**config, "temp_directory": str(Path(tempfile.gettempdir()) / "tokenlab-duckdb")}
    if path == MEMORY:
        return duckdb.connect(MEMORY, config=in_memory), MEMORY, None
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(path, config=config), path, None
    except (OSError, duckdb.Error) as error:
        reason = str(error).splitlines()[0]
        notice = (f"The profile cache {path} cannot be opened ({reason}); results are kept in memory for this "
                  "session only. Set TOKENLAB_DB to a writable file path to keep them.")
        return duckdb.connect(MEMORY, config=in_memory), MEMORY, notice


class Store:
    """A DuckDB profile cache, safe to share between threads."""

    def __init__(self, path: str | Path | None = None) -> None:
        self._connection, self.path, self.notice = _connect(str(path or settings.DB_PATH))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}
        self.cache_hits = 0
        self.runs_written = 0
        self.cursor().execute(SCHEMA)

    def __repr__(self) -> str:
        return f"<Store {self.path!r}>"

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor (created on first use)."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._connection.cursor()
        return cursor

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
        """Rows of a parameterised query (`$name` placeholders) as a polars frame."""
        return self.cursor().sql(sql, params=dict(params or {})).pl()

    def close(self) -> None:
        self._connection.close()

    def run_lock(self, corpus_hash: str, tokenizer_key: str) -> threading.Lock:
        """The lock held while one run is looked up and, on a miss, counted and written."""
        with self._lock:
            return self._key_locks.setdefault((corpus_hash, tokenizer_key), threading.Lock())

    @contextmanager
    def key_lock(self, corpus_hash: str, tokenizer_key: str) -> Iterator[None]:
        with self.run_lock(corpus_hash, tokenizer_key):
            yield

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.cursor()
        cursor.begin()
        try:
            yield cursor
        except BaseException:
            cursor.rollback()
            raise
        cursor.commit()

    def _insert(self, cursor: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame,
                columns: tuple[str, ...], prefix: Mapping[str, str]) -> None:
        """Append `frame[columns]` to `table`, each row led by the constant `prefix` values."""
        cursor.register("incoming", frame.select(columns))
        try:
            fixed = ", ".join(f"${name}" for name in prefix)
            cursor.execute(f"INSERT INTO {table} ({', '.join((*prefix, *columns))}) SELECT {fixed}, * FROM incoming",
                           dict(prefix))
        finally:
            cursor.unregister("incoming")

    def has_corpus(self, corpus_hash: str) -> bool:
        rows = self.cursor().execute("SELECT 1 FROM corpora WHERE corpus_hash = $h", {"h": corpus_hash}).fetchall()
        return bool(rows)

    def add_corpus(self, corpus_hash: str, name: str, documents: pl.DataFrame, groups: pl.DataFrame) -> None:
        """Record a corpus's documents (DOCUMENT_COLUMNS) and group metadata (GROUP_COLUMNS)."""
        with self._transaction() as cursor:
            if cursor.execute("SELECT 1 FROM corpora WHERE corpus_hash = $h", {"h": corpus_hash}).fetchall():
                return
            cursor.execute("INSERT INTO corpora (corpus_hash, name, documents, characters) VALUES ($h, $n, $d, $c)",
                           {"h": corpus_hash, "n": name, "d": documents.height,
                            "c": int(documents.get_column("characters").sum())})
            self._insert(cursor, "documents", documents, DOCUMENT_COLUMNS, {"corpus_hash": corpus_hash})
            self._insert(cursor, "groups", groups, GROUP_COLUMNS, {"corpus_hash": corpus_hash})

    def has_run(self, corpus_hash: str, tokenizer_key: str) -> bool:
        """True (and counted as a cache hit) when this pair has been counted already."""
        rows = self.cursor().execute(
            "SELECT 1 FROM runs WHERE corpus_hash = $h AND tokenizer_key = $k", {"h": corpus_hash, "k": tokenizer_key}
        ).fetchall()
        if rows:
            with self._lock:
                self.cache_hits += 1
        return bool(rows)

    def add_run(self, corpus_hash: str, tokenizer_key: str, tokenizer_id: str, vocab_size: int, seconds: float,
                doc_counts: pl.DataFrame, tokens: pl.DataFrame, group_names: list[str]) -> None:
        """Record one finished count: per-document counts, and token usage per group aggregated
        from `tokens` (one row per token: group index into `group_names`, token_id)."""
        key = {"corpus_hash": corpus_hash, "tokenizer_key": tokenizer_key}
        with self._transaction() as cursor:
            self._insert(cursor, "doc_counts", doc_counts, DOC_COUNT_COLUMNS, key)
            cursor.register("incoming_tokens", tokens.select("group", "token_id"))
            try:
                cursor.execute(
                    "INSERT INTO token_usage (corpus_hash, tokenizer_key, group_name, token_id, count) "
                    "SELECT $corpus_hash, $tokenizer_key, $names[t.group + 1], t.token_id, count(*) "
                    "FROM incoming_tokens AS t GROUP BY t.group, t.token_id",
                    {**key, "names": group_names},
                )
            finally:
                cursor.unregister("incoming_tokens")
            cursor.execute(
                "INSERT INTO runs (corpus_hash, tokenizer_key, tokenizer_id, vocab_size, seconds) "
                "VALUES ($corpus_hash, $tokenizer_key, $id, $vocab, $seconds)",
                {**key, "id": tokenizer_id, "vocab": vocab_size, "seconds": seconds},
            )
        with self._lock:
            self.runs_written += 1

    def document_counts(self, corpus_hash: str, tokenizer_key: str) -> pl.DataFrame:
        """One run's per-document counts beside each document's facts, in document order
        (doc_id is the document's part): what a results file holds."""
        return self.query(
            "SELECT r.tokenizer_id, r.tokenizer_key, r.vocab_size, d.part AS doc_id, d.group_name, d.unit, "
            "d.characters, d.bytes, d.words, c.tokens, c.split_words, c.continuation_tokens, c.unknown_tokens, "
            "c.unknown_chars, c.byte_fallback_tokens "
            "FROM doc_counts AS c JOIN documents AS d USING (corpus_hash, doc) "
            "JOIN runs AS r USING (corpus_hash, tokenizer_key) "
            "WHERE c.corpus_hash = $h AND c.tokenizer_key = $k ORDER BY d.doc",
            {"h": corpus_hash, "k": tokenizer_key},
        )

    def token_usage_counts(self, corpus_hash: str, tokenizer_key: str) -> pl.DataFrame:
        """One run's token usage: group_name, token_id, count."""
        return self.query(
            "SELECT group_name, token_id, count FROM token_usage WHERE corpus_hash = $h AND tokenizer_key = $k "
            "ORDER BY group_name, token_id",
            {"h": corpus_hash, "k": tokenizer_key},
        )

    def add_results(self, corpus_hash: str, name: str, counts_files: list[str], usage_files: list[str]) -> None:
        """Record the runs in results Parquet files (tokenlab.results) as one corpus: its documents
        are the distinct (group_name, doc_id) pairs, doc_id becoming the part parity lines up."""
        key = {"h": corpus_hash, "counts": counts_files}
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO documents (corpus_hash, doc, group_name, part, unit, characters, bytes, words) "
                "SELECT $h, (row_number() OVER (ORDER BY group_name, doc_id) - 1)::INTEGER, group_name, doc_id, "
                "any_value(unit), any_value(characters), any_value(bytes), any_value(words) "
                "FROM read_parquet($counts) GROUP BY group_name, doc_id", key)
            cursor.execute(
                "INSERT INTO corpora (corpus_hash, name, documents, characters) "
                "SELECT $h, $name, count(*), coalesce(sum(characters), 0) FROM documents WHERE corpus_hash = $h",
                {"h": corpus_hash, "name": name})
            cursor.execute("INSERT INTO groups (corpus_hash, group_name) "
                           "SELECT DISTINCT $h, group_name FROM documents WHERE corpus_hash = $h", {"h": corpus_hash})
            cursor.execute(
                "INSERT INTO doc_counts (corpus_hash, tokenizer_key, doc, tokens, split_words, continuation_tokens, "
                "unknown_tokens, unknown_chars, byte_fallback_tokens) "
                "SELECT $h, r.tokenizer_key, d.doc, r.tokens, r.split_words, r.continuation_tokens, r.unknown_tokens, "
                "r.unknown_chars, r.byte_fallback_tokens FROM read_parquet($counts) AS r "
                "JOIN documents AS d ON d.corpus_hash = $h AND d.group_name = r.group_name AND d.part = r.doc_id", key)
            if usage_files:
                cursor.execute(
                    "INSERT INTO token_usage (corpus_hash, tokenizer_key, group_name, token_id, count) "
                    "SELECT $h, tokenizer_key, group_name, token_id, sum(count)::BIGINT FROM read_parquet($usage) "
                    "GROUP BY tokenizer_key, group_name, token_id", {"h": corpus_hash, "usage": usage_files})
            cursor.execute(
                "INSERT INTO runs (corpus_hash, tokenizer_key, tokenizer_id, vocab_size, seconds) "
                "SELECT $h, tokenizer_key, any_value(tokenizer_id), any_value(vocab_size), 0 "
                "FROM read_parquet($counts) GROUP BY tokenizer_key", key)


_default: Store | None = None
_default_lock = threading.Lock()


def default_store() -> Store:
    """The process-wide store at `settings.DB_PATH` (TOKENLAB_DB), opened on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Store()
        return _default
