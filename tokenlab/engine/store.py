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
                  unknown_tokens, unknown_chars, byte_fallback_tokens, dropped_chars)
    token_usage  (corpus_hash, tokenizer_key, group_name, token_id, count)
    shared_texts (text_key PK, text BLOB of UTF-8, bytes, shared_at): texts too long for a link

A run's rows are written in one transaction with its `runs` row, so a half-written run never
looks finished. Every value reaches SQL as a parameter; table and column names are fixed
here. The app shares one `Store` between sessions (threads): each thread gets its own cursor
(DuckDB connections are not thread-safe), and a lock per cache key makes a second session
asking for the same run wait for the first and then read its result.

The cache heals. A file another process holds (or a place that cannot be written) leaves the
store in memory, saying so in `notice`, and the file is tried again on a later use; when it
opens, the runs counted in memory meanwhile are copied into it and the store moves there. A
damaged file is set aside and replaced (store_file.py). A failed transaction, COMMIT
included, is rolled back, so the thread's cursor stays usable. DuckDB's own errors (with paths,
PIDs or SQL) go to the log; the caller gets a one-line `StoreError`.
"""

from __future__ import annotations

import logging
import math
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from tokenlab import settings
from tokenlab.engine.store_file import Config, Opened, is_damage, open_file, set_aside
from tokenlab.errors import InvalidTextError, TokenlabError, first_line
from tokenlab.text.share import is_text_key, text_key

log = logging.getLogger(__name__)

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
    continuation_tokens BIGINT, unknown_tokens BIGINT, unknown_chars BIGINT, byte_fallback_tokens BIGINT,
    dropped_chars BIGINT);
-- A cache written before dropped characters were counted: its runs are of an older COUNTS_VERSION,
-- never read again, but new rows need the column.
ALTER TABLE doc_counts ADD COLUMN IF NOT EXISTS dropped_chars BIGINT;
CREATE TABLE IF NOT EXISTS token_usage (
    corpus_hash VARCHAR, tokenizer_key VARCHAR, group_name VARCHAR, token_id BIGINT, count BIGINT);
CREATE TABLE IF NOT EXISTS expiring (corpus_hash VARCHAR PRIMARY KEY, expires TIMESTAMP);
CREATE TABLE IF NOT EXISTS shared_texts (text_key VARCHAR PRIMARY KEY, text BLOB, bytes BIGINT, shared_at DOUBLE);
"""
DOC_COUNT_COLUMNS = (
    "doc",
    "tokens",
    "split_words",
    "continuation_tokens",
    "unknown_tokens",
    "unknown_chars",
    "byte_fallback_tokens",
    "dropped_chars",
)
DOCUMENT_COLUMNS = ("doc", "group_name", "part", "unit", "characters", "bytes", "words")
GROUP_COLUMNS = ("group_name", "name", "iso6393", "bcp47", "script", "direction", "latitude", "longitude")
#: Tables keyed by corpus, and by run (corpus and tokenizer): what healing copies from memory.
CORPUS_TABLES = ("corpora", "documents", "groups", "expiring")
RUN_TABLES = ("runs", "doc_counts", "token_usage")
COPY_BATCH_ROWS = 100_000

FILE_CONFIG: Config = {
    "memory_limit": settings.DUCKDB_MEMORY_LIMIT,
    "threads": settings.DUCKDB_THREADS,
    "allocator_flush_threshold": settings.DUCKDB_ALLOCATOR_FLUSH,
}
# An in-memory database spills to "./.tmp" by default: keep it in the system's temporary directory.
MEMORY_CONFIG: Config = {
    **FILE_CONFIG,
    "memory_limit": settings.DUCKDB_MEMORY_ONLY_LIMIT,
    "temp_directory": str(Path(tempfile.gettempdir()) / "tokenlab-duckdb"),
}

NOT_SAVED = (
    "The profile cache could not be written (is the disk full?), so these counts were not saved; try again later."
)
DAMAGED = "The profile cache was damaged: it was set aside and a new one started, so reload to count again."
REOPENED = "The profile cache failed and was reopened; try again."
OUT_OF_MEMORY = "The profile cache ran out of memory for this request; pick fewer tokenizers or languages."
UNANSWERED = "The profile cache could not answer this request; try again (the server log has the details)."


class StoreError(TokenlabError):
    """The profile cache failed: the message says what that means for the user, the log has DuckDB's words."""


class Store:
    """A DuckDB profile cache, safe to share between threads, that heals.

    When its file cannot be used (locked by another process, not writable) results are kept in
    memory, `reason` says why ("is in use by another program") and `notice` tells a visitor; the
    file is tried again on the next use at most every `retry_seconds`, and once it opens, what
    was counted in memory meanwhile is copied into it. A damaged file is set aside and replaced
    by a new one, at open or when a query finds it. `path` is where results are kept now.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        retry_seconds: float = settings.STORE_RETRY_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        wanted = str(path) if path else settings.db_path()
        #: The cache file asked for (None: memory by choice).
        self.file = None if wanted == MEMORY else Path(wanted)
        self.retry_seconds = retry_seconds
        self.clock = clock  # seconds since the epoch: when a shared text was kept, and whether it expired
        self._local = threading.local()
        self._lock = threading.Lock()  # guards the connection, the counters and the run locks
        self._key_locks: dict[tuple[str, str], threading.Lock] = {}
        self._writing = 0  # transactions in progress: the file is never swapped in under one
        self._generation = 0  # bumped on every change of connection; each thread's cursor remembers its own
        self._reopen = False  # set when the connection failed: the next use opens the file again
        self.cache_hits = 0
        self.runs_written = 0
        self.runs_imported = 0  # copied from tokenlab's shipped counts instead of counted
        self._open()

    def __repr__(self) -> str:
        return f"<Store {self.path!r}>"

    def _open(self) -> None:
        """Use the file when it opens (after setting a damaged one aside), else a new in-memory database."""
        opened = open_file(self.file, FILE_CONFIG, SCHEMA) if self.file else Opened(None)
        if opened.connection is None:
            connection = duckdb.connect(MEMORY, config=MEMORY_CONFIG)
            connection.execute(SCHEMA)
            if opened.reason:
                log.warning(
                    "The profile cache %s cannot be used (%s); results are kept in memory, and the file is tried "
                    "again on the next use after %g s. Set TOKENLAB_DB to another file to keep them.",
                    self.file,
                    opened.detail,
                    self.retry_seconds,
                )
        else:
            connection = opened.connection
        self._connection, self.reason = connection, opened.reason
        self.path = MEMORY if opened.connection is None else str(self.file)
        self._generation += 1
        self._retry_at = time.monotonic() + self.retry_seconds

    @property
    def notice(self) -> str | None:
        """What a visitor should know while results live in memory because the file cannot be used.

        Pages read it before they query, so reading it is also a use that may heal the store.
        """
        self._heal_if_due()
        reason = self.reason
        return (
            None
            if reason is None
            else f"The profile cache {reason}, so results are kept in memory until the server restarts."
        )

    def _heal_if_due(self) -> None:
        """Try the file again, when results are in memory because of it and `retry_seconds` have passed.

        The file is swapped in only between transactions, after the runs counted in memory that
        it lacks are copied into it, so a run is never split between the two and a Profile
        handed out before the swap still finds its rows.
        """
        if self.reason is None or time.monotonic() < self._retry_at:
            return
        if not self._lock.acquire(blocking=False):
            return  # another thread is swapping or healing: this call uses what is there now
        try:
            if self.reason is None or self._writing or time.monotonic() < self._retry_at or self.file is None:
                return
            self._retry_at = time.monotonic() + self.retry_seconds
            opened = open_file(self.file, FILE_CONFIG, SCHEMA)
            if opened.connection is None:
                log.debug("The profile cache %s is still not usable (%s).", self.file, opened.detail)
                self.reason = opened.reason
                return
            try:
                copied = _copy_missing(self._connection, opened.connection)
            except duckdb.Error as error:
                opened.connection.close()
                log.warning(
                    "The profile cache %s opened, but results in memory could not be copied into it (%s).",
                    self.file,
                    first_line(error, 1000),
                )
                return
            self._connection, self.reason, self.path = opened.connection, None, str(self.file)
            self._generation += 1
            log.warning(
                "The profile cache %s is usable again; %d runs counted in memory were copied into it.",
                self.file,
                copied,
            )
        finally:
            self._lock.release()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the database in use (made on first use, and again after a swap)."""
        self._heal_if_due()
        local = self._local
        if self._reopen or getattr(local, "generation", None) != self._generation:
            with self._lock:
                if self._reopen:
                    self._reopen = False
                    self._open()
                local.cursor, local.generation = self._connection.cursor(), self._generation
        cursor: duckdb.DuckDBPyConnection = local.cursor
        return cursor

    @contextmanager
    def _failures(self, passthrough: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """This thread's cursor, with DuckDB's errors made one-line StoreErrors (detail in the log).

        A damaged file or an invalidated database (DuckDB's answer to a failed checkpoint) is
        repaired first. With `passthrough`, other errors (of files the caller gave) pass through.
        """
        cursor = self.cursor()
        generation = self._local.generation
        try:
            yield cursor
        except duckdb.Error as error:
            if is_damage(error) or isinstance(error, duckdb.FatalException | duckdb.ConnectionException):
                raise StoreError(self._repair(error, generation)) from None
            if passthrough:
                raise
            log.warning("The profile cache %s failed: %s", self.path, error)
            raise StoreError(OUT_OF_MEMORY if isinstance(error, duckdb.OutOfMemoryException) else UNANSWERED) from None

    def _repair(self, error: duckdb.Error, generation: int) -> str:
        """Set a damaged file aside, or let go of an invalidated database; the next use opens
        the file again (not this call: a disk that is still full would invalidate it again).
        Returns what to tell the user."""
        damaged = is_damage(error)
        with self._lock:
            # Only the first thread to fail on this connection repairs it; later ones find it done.
            if generation == self._generation and self.file is not None and self.reason is None:
                log.warning("The profile cache %s failed and is reopened: %s", self.file, first_line(error, 1000))
                self._connection.close()  # closes every thread's cursor, so DuckDB lets go of the file
                if damaged:
                    try:
                        set_aside(self.file, error)
                    except OSError as failure:
                        log.warning("The damaged profile cache %s cannot be moved (%s).", self.file, failure)
                self._generation += 1
                self._reopen = True
        return DAMAGED if damaged else REOPENED

    def query(self, sql: str, params: Mapping[str, Any] | None = None) -> pl.DataFrame:
        """Rows of a parameterised query (`$name` placeholders) as a polars frame."""
        with self._failures() as cursor:
            return cursor.sql(sql, params=dict(params or {})).pl()

    def _rows(self, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        with self._failures() as cursor:
            return cursor.execute(sql, dict(params)).fetchall()

    def close(self) -> None:
        self._retry_at, self._reopen = math.inf, False
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
    def _transaction(self, reads_files: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction on this thread's cursor: rolled back when its block or its COMMIT fails.

        With `reads_files`, errors of the block that are not the cache's (a Parquet file the
        caller gave that DuckDB cannot read) reach the caller as DuckDB raised them.
        """
        with self._lock:
            self._writing += 1
        try:
            with self._failures(passthrough=reads_files) as cursor:
                generation = self._local.generation
                cursor.begin()
                try:
                    yield cursor
                except BaseException:
                    self._roll_back(cursor)
                    raise
                try:
                    self._commit(cursor)
                except duckdb.Error as error:
                    log.warning("The profile cache %s could not be written: %s", self.path, first_line(error, 1000))
                    self._roll_back(cursor)
                    if is_damage(error) or isinstance(error, duckdb.FatalException):
                        self._repair(error, generation)
                    raise StoreError(NOT_SAVED) from None
        finally:
            with self._lock:
                self._writing -= 1

    def _commit(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """COMMIT, on its own so that a test can make it fail as a full disk does."""
        cursor.commit()

    def _roll_back(self, cursor: duckdb.DuckDBPyConnection) -> None:
        """End a failed transaction, so this thread's next call does not find it "aborted"."""
        try:
            with suppress(duckdb.TransactionException):  # "no transaction is active": DuckDB ended it itself
                cursor.rollback()
        except duckdb.Error:
            self._local.generation = None  # the cursor is unusable: this thread gets a new one next time

    def _insert(
        self,
        cursor: duckdb.DuckDBPyConnection,
        table: str,
        frame: pl.DataFrame,
        columns: tuple[str, ...],
        prefix: Mapping[str, str],
    ) -> None:
        """Append `frame[columns]` to `table`, each row led by the constant `prefix` values."""
        cursor.register("incoming", frame.select(columns))
        try:
            fixed = ", ".join(f"${name}" for name in prefix)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join((*prefix, *columns))}) SELECT {fixed}, * FROM incoming", dict(prefix)
            )
        finally:
            cursor.unregister("incoming")

    def has_corpus(self, corpus_hash: str) -> bool:
        return bool(self._rows("SELECT 1 FROM corpora WHERE corpus_hash = $h", {"h": corpus_hash}))

    def add_corpus(self, corpus_hash: str, name: str, documents: pl.DataFrame, groups: pl.DataFrame) -> None:
        """Record a corpus's documents (DOCUMENT_COLUMNS) and group metadata (GROUP_COLUMNS)."""
        with self._transaction() as cursor:
            if cursor.execute("SELECT 1 FROM corpora WHERE corpus_hash = $h", {"h": corpus_hash}).fetchall():
                return
            cursor.execute(
                "INSERT INTO corpora (corpus_hash, name, documents, characters) VALUES ($h, $n, $d, $c)",
                {
                    "h": corpus_hash,
                    "n": name,
                    "d": documents.height,
                    "c": int(documents.get_column("characters").sum()),
                },
            )
            self._insert(cursor, "documents", documents, DOCUMENT_COLUMNS, {"corpus_hash": corpus_hash})
            self._insert(cursor, "groups", groups, GROUP_COLUMNS, {"corpus_hash": corpus_hash})

    def has_run(self, corpus_hash: str, tokenizer_key: str) -> bool:
        """True (and counted as a cache hit) when this pair has been counted already."""
        rows = self._rows(
            "SELECT 1 FROM runs WHERE corpus_hash = $h AND tokenizer_key = $k", {"h": corpus_hash, "k": tokenizer_key}
        )
        if rows:
            with self._lock:
                self.cache_hits += 1
        return bool(rows)

    def add_run(
        self,
        corpus_hash: str,
        tokenizer_key: str,
        tokenizer_id: str,
        vocab_size: int,
        seconds: float,
        doc_counts: pl.DataFrame,
        tokens: pl.DataFrame,
        group_names: list[str],
    ) -> None:
        """Record one finished count: per-document counts, and token usage per group aggregated
        from `tokens` (one row per token: group index into `group_names`, token_id). A run the
        cache already holds (copied in from memory when it healed) is kept as it is."""
        key = {"corpus_hash": corpus_hash, "tokenizer_key": tokenizer_key}
        with self._transaction() as cursor:
            if cursor.execute(
                "SELECT 1 FROM runs WHERE corpus_hash = $corpus_hash AND tokenizer_key = $tokenizer_key", key
            ).fetchall():
                return
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
            "c.unknown_chars, c.byte_fallback_tokens, c.dropped_chars "
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

    def import_run(self, corpus_hash: str, tokenizer_key: str, files: Mapping[str, str]) -> None:
        """Copy one run from Parquet files holding the rows of `runs`, `doc_counts` and
        `token_usage` (table -> path; tokenlab's shipped counts) into the store, in one transaction."""
        key = {"h": corpus_hash, "k": tokenizer_key}
        with self._transaction() as cursor:
            for table in ("doc_counts", "token_usage"):
                cursor.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM read_parquet($file) "
                    "WHERE corpus_hash = $h AND tokenizer_key = $k",
                    {**key, "file": files[table]},
                )
            cursor.execute(
                "INSERT INTO runs (corpus_hash, tokenizer_key, tokenizer_id, vocab_size, seconds) "
                "SELECT corpus_hash, tokenizer_key, tokenizer_id, vocab_size, 0 FROM read_parquet($file) "
                "WHERE corpus_hash = $h AND tokenizer_key = $k",
                {**key, "file": files["runs"]},
            )
        with self._lock:
            self.runs_imported += 1

    def expire(self, corpus_hash: str, after_seconds: float) -> None:
        """Forget this corpus and its runs `after_seconds` from now (a visitor's upload); asking
        again moves the time on. Corpora never given a time (bundled ones, the CLI's) stay."""
        with self._transaction() as cursor:
            cursor.execute("DELETE FROM expiring WHERE corpus_hash = $h", {"h": corpus_hash})
            cursor.execute(
                "INSERT INTO expiring VALUES ($h, current_timestamp::TIMESTAMP + to_microseconds($us))",
                {"h": corpus_hash, "us": int(after_seconds * 1_000_000)},
            )

    def purge_expired(self) -> int:
        """Delete the corpora whose time has come, with their documents, groups and runs; how many."""
        with self._transaction() as cursor:
            expired = [
                hash_
                for (hash_,) in cursor.execute(
                    "SELECT corpus_hash FROM expiring WHERE expires <= current_timestamp::TIMESTAMP"
                ).fetchall()
            ]
            for table in (*RUN_TABLES, *CORPUS_TABLES) if expired else ():
                cursor.execute(
                    f"DELETE FROM {table} WHERE corpus_hash IN (SELECT unnest($hashes))", {"hashes": expired}
                )
        return len(expired)

    def add_results(self, corpus_hash: str, name: str, counts_files: list[str], usage_files: list[str]) -> None:
        """Record the runs in results Parquet files (tokenlab.engine.results) as one corpus: its documents
        are the distinct (group_name, doc_id) pairs, doc_id becoming the part parity lines up."""
        key = {"h": corpus_hash, "counts": counts_files}
        with self._transaction(reads_files=True) as cursor:
            if cursor.execute("SELECT 1 FROM corpora WHERE corpus_hash = $h", {"h": corpus_hash}).fetchall():
                return
            cursor.execute(
                "INSERT INTO documents (corpus_hash, doc, group_name, part, unit, characters, bytes, words) "
                "SELECT $h, (row_number() OVER (ORDER BY group_name, doc_id) - 1)::INTEGER, group_name, doc_id, "
                "any_value(unit), any_value(characters), any_value(bytes), any_value(words) "
                "FROM read_parquet($counts) GROUP BY group_name, doc_id",
                key,
            )
            cursor.execute(
                "INSERT INTO corpora (corpus_hash, name, documents, characters) "
                "SELECT $h, $name, count(*), coalesce(sum(characters), 0) FROM documents WHERE corpus_hash = $h",
                {"h": corpus_hash, "name": name},
            )
            cursor.execute(
                "INSERT INTO groups (corpus_hash, group_name) "
                "SELECT DISTINCT $h, group_name FROM documents WHERE corpus_hash = $h",
                {"h": corpus_hash},
            )
            cursor.execute(
                "INSERT INTO doc_counts (corpus_hash, tokenizer_key, doc, tokens, split_words, continuation_tokens, "
                "unknown_tokens, unknown_chars, byte_fallback_tokens, dropped_chars) "
                "SELECT $h, r.tokenizer_key, d.doc, r.tokens, r.split_words, r.continuation_tokens, r.unknown_tokens, "
                "r.unknown_chars, r.byte_fallback_tokens, r.dropped_chars FROM read_parquet($counts) AS r "
                "JOIN documents AS d ON d.corpus_hash = $h AND d.group_name = r.group_name AND d.part = r.doc_id",
                key,
            )
            if usage_files:
                cursor.execute(
                    "INSERT INTO token_usage (corpus_hash, tokenizer_key, group_name, token_id, count) "
                    "SELECT $h, tokenizer_key, group_name, token_id, sum(count)::BIGINT FROM read_parquet($usage) "
                    "GROUP BY tokenizer_key, group_name, token_id",
                    {"h": corpus_hash, "usage": usage_files},
                )
            cursor.execute(
                "INSERT INTO runs (corpus_hash, tokenizer_key, tokenizer_id, vocab_size, seconds) "
                "SELECT $h, tokenizer_key, any_value(tokenizer_id), any_value(vocab_size), 0 "
                "FROM read_parquet($counts) GROUP BY tokenizer_key",
                key,
            )

    def share_text(self, text: str) -> str:
        """Keep `text` for links (at most settings.MAX_TEXT_CHARS) and return its key
        (text/share.py's `text_key`). Sharing it again restarts its time; expired texts go, then
        the oldest shared until all fit in settings.SHARED_TEXTS_BYTES."""
        if len(text) > settings.MAX_TEXT_CHARS:
            raise InvalidTextError(
                f"The text has {len(text):,} characters; a link can keep at most {settings.MAX_TEXT_CHARS:,}."
            )
        key, data, now = text_key(text), text.encode("utf-8", "surrogatepass"), self.clock()
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO shared_texts VALUES ($k, $text, $bytes, $now) ON CONFLICT (text_key) "
                "DO UPDATE SET shared_at = excluded.shared_at",
                {"k": key, "text": data, "bytes": len(data), "now": now},
            )
            cursor.execute(
                "DELETE FROM shared_texts WHERE shared_at <= $oldest OR text_key IN (SELECT text_key FROM ("
                "SELECT text_key, sum(bytes) OVER (ORDER BY shared_at DESC, text_key ROWS UNBOUNDED PRECEDING) "
                "AS kept FROM shared_texts) WHERE kept > $cap)",
                {"oldest": now - settings.SHARED_TEXT_RETENTION_S, "cap": settings.SHARED_TEXTS_BYTES},
            )
        return key

    def shared_text(self, key: str) -> str | None:
        """The text kept under `key` (a link's `text_key`), or None: unknown, expired or not a key."""
        if not is_text_key(key):
            return None
        rows = self._rows(
            "SELECT text FROM shared_texts WHERE text_key = $k AND shared_at > $oldest",
            {"k": key, "oldest": self.clock() - settings.SHARED_TEXT_RETENTION_S},
        )
        return bytes(rows[0][0]).decode("utf-8", "surrogatepass") if rows else None


def _copy_missing(source: duckdb.DuckDBPyConnection, target: duckdb.DuckDBPyConnection) -> int:
    """Copy the corpora, runs and shared texts of `source` (memory) that `target` (the file)
    lacks, in one transaction, streamed in batches; the number of runs copied."""
    reader = source.cursor()
    reader.register("have_corpora", target.sql("SELECT corpus_hash FROM corpora").pl())
    reader.register("have_runs", target.sql("SELECT corpus_hash, tokenizer_key FROM runs").pl())
    reader.register("have_texts", target.sql("SELECT text_key FROM shared_texts").pl())
    [(copied,)] = reader.execute(
        "SELECT count(*) FROM runs ANTI JOIN have_runs USING (corpus_hash, tokenizer_key)"
    ).fetchall()  # all: DuckDB refuses the next query on a cursor with rows left to fetch
    target.begin()
    try:
        for table, have, key in (
            *((table, "have_corpora", "corpus_hash") for table in CORPUS_TABLES),
            *((table, "have_runs", "corpus_hash, tokenizer_key") for table in RUN_TABLES),
            ("shared_texts", "have_texts", "text_key"),
        ):
            rows = reader.sql(f"SELECT t.* FROM {table} AS t ANTI JOIN {have} USING ({key})")
            target.register("incoming", rows.to_arrow_reader(COPY_BATCH_ROWS))
            try:
                target.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            finally:
                target.unregister("incoming")
        target.commit()
    except BaseException:
        target.rollback()
        raise
    finally:
        reader.close()
    return int(copied)


_default: Store | None = None
_default_lock = threading.Lock()


def default_store() -> Store:
    """The process-wide store at `settings.db_path()` (TOKENLAB_DB), opened on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Store()
        return _default
