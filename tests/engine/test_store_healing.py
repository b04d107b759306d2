"""The profile cache heals: a locked, damaged, full or read-only cache file, with real DuckDB files.

Another process holding the file is a real second process; a full disk is a real file-size
limit in a child process (RLIMIT_FSIZE: DuckDB's write fails with EFBIG where a full disk gives
ENOSPC), or a COMMIT that fails inside DuckDB and leaves the transaction aborted.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import polars as pl
import pytest

import tokenlab
from tests.other_process import OtherProcess
from tokenlab.corpora import Corpus, udhr
from tokenlab.engine.encoding import corpus_encoder
from tokenlab.engine.store import MEMORY, Store, StoreError
from tokenlab.engine.store_file import HEADER_BYTES
from tokenlab.metrics import corpus_metrics

LOCKED = "The profile cache is in use by another program, so results are kept in memory until the server restarts."
UNAVAILABLE = "The profile cache cannot be opened or written, so results are kept in memory until the server restarts."
NOT_SAVED = (
    "The profile cache could not be written (is the disk full?), so these counts were not saved; try again later."
)
DAMAGED = "The profile cache was damaged: it was set aside and a new one started, so reload to count again."
ENGLISH_GPT2_TOKENS = [1541]  # the UDHR's English articles by tiktoken's gpt2
SET_ASIDE = re.compile(r"profiles\.duckdb\.damaged-\d{8}T\d{6}Z")


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "profiles.duckdb"


@pytest.fixture
def other_process(cache: Path) -> Iterator[OtherProcess]:
    holder = OtherProcess(cache)
    yield holder
    holder.exit()


def _english_tokens(store: Store) -> list[int]:
    """Count the UDHR's English articles with gpt2 (a cache hit when they are there)."""
    profile = tokenlab.profile_corpus(udhr(["eng"]), ["gpt2"], store=store, baselines=False)
    return corpus_metrics.compression(profile).get_column("tokens").to_list()


def _filled(path: Path) -> bytes:
    """A real cache file holding one run, closed; its bytes."""
    store = Store(path)
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    store.close()
    return path.read_bytes()


def _runs_in_file(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return [row[0] for row in connection.execute("SELECT tokenizer_id FROM runs ORDER BY 1").fetchall()]


def _set_aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.damaged-*"))


def test_a_store_that_found_its_file_locked_moves_to_it_once_the_other_process_exits(
    cache: Path, other_process: OtherProcess
) -> None:
    store = Store(cache, retry_seconds=0)
    assert (store.path, store.notice) == (MEMORY, LOCKED)
    profile = tokenlab.profile_corpus(udhr(["eng"]), ["gpt2"], store=store, baselines=False)
    assert store.path == MEMORY  # tried again on every use (retry_seconds=0), still held
    other_process.exit()
    assert store.notice is None  # the next use opened the file
    assert store.path == str(cache)
    # The run counted in memory was copied into the file: the profile handed out before reads it there.
    assert corpus_metrics.compression(profile).get_column("tokens").to_list() == ENGLISH_GPT2_TOKENS
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    assert (store.runs_written, store.cache_hits) == (1, 1)
    store.close()
    assert _runs_in_file(cache) == ["gpt2"]


def test_a_locked_file_is_not_tried_again_before_retry_seconds(cache: Path, other_process: OtherProcess) -> None:
    store = Store(cache, retry_seconds=3600)
    other_process.exit()
    assert (store.path, store.notice) == (MEMORY, LOCKED)
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS


def test_sessions_counting_while_the_store_heals_lose_nothing(cache: Path, other_process: OtherProcess) -> None:
    store = Store(cache, retry_seconds=0)
    corpora = [udhr([language]) for language in ("eng", "fra", "deu", "spa")]
    errors: list[BaseException] = []
    summaries: dict[str, list[pl.DataFrame]] = {corpus.name: [] for corpus in corpora}

    def session(corpus: Corpus) -> None:
        try:
            for _ in range(3):
                profile = tokenlab.profile_corpus(corpus, ["gpt2", "o200k_base"], store=store, baselines=False)
                summaries[corpus.name].append(corpus_metrics.summary(profile))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=session, args=(corpora[i % 4],)) for i in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    while store.runs_written < 3 and time.monotonic() < deadline:  # heal with runs in memory, others counting
        time.sleep(0.01)
    other_process.exit()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    assert store.notice is None and store.path == str(cache)
    assert store.query("SELECT count(*) AS n FROM runs").item() == 8  # 4 corpora x 2 tokenizers, each once
    assert store.query("SELECT count(*) AS n FROM (SELECT DISTINCT corpus_hash, doc FROM documents)").item() == (
        store.query("SELECT count(*) AS n FROM documents").item()
    )
    for frames in summaries.values():
        assert len(frames) == 6 and all(frame.equals(frames[0]) for frame in frames)
    store.close()
    assert _runs_in_file(cache) == ["gpt2"] * 4 + ["o200k_base"] * 4


@pytest.mark.parametrize(
    "keep",
    [pytest.param(lambda size: 100, id="inside-the-header"), pytest.param(lambda size: size - 1000, id="last-block")],
)
def test_a_truncated_file_is_set_aside_and_a_new_cache_made(
    cache: Path, keep: Callable[[int], int], caplog: pytest.LogCaptureFixture
) -> None:
    """DuckDB refuses a file cut inside its header, but opens one cut in its last block and fails
    only when a query reaches it: the file's size against its block count finds that one."""
    whole = _filled(cache)
    os.truncate(cache, keep(len(whole)))
    damaged = cache.read_bytes()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="tokenlab"):
        store = Store(cache)
    assert (store.path, store.notice) == (str(cache), None)
    [aside] = _set_aside(cache)
    assert SET_ASIDE.fullmatch(aside.name) and aside.read_bytes() == damaged  # moved, never deleted
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        f"The profile cache {cache} is damaged"
    ]
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    assert (store.runs_written, store.cache_hits) == (1, 0)  # counted again, into the new file


@pytest.mark.parametrize("offset", [0, 16, 4096, 8200], ids=["magic", "version", "header-checksum", "header-fields"])
def test_a_corrupted_header_is_set_aside_and_a_new_cache_made(cache: Path, offset: int) -> None:
    _filled(cache)
    with cache.open("r+b") as file:
        file.seek(offset)
        file.write(b"\xde\xad\xbe\xef" * 8)
    damaged = cache.read_bytes()
    store = Store(cache)
    assert (store.path, store.notice) == (str(cache), None)
    [aside] = _set_aside(cache)
    assert aside.read_bytes() == damaged
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS


def test_a_damaged_block_found_by_a_query_sets_the_file_aside_once(cache: Path) -> None:
    """A file can open and check well with one data block garbled: the query that reads it
    gets one message, the file is set aside, and the next call works on a new cache."""
    _filled(cache)
    with duckdb.connect(str(cache), read_only=True) as connection:
        [(block,)] = connection.execute(
            "SELECT DISTINCT block_id FROM pragma_storage_info('token_usage') WHERE block_id >= 0"
        ).fetchall()
        [(block_size,)] = connection.execute("SELECT block_size FROM pragma_database_size()").fetchall()
    with cache.open("r+b") as file:  # past the block's checksum, inside its first column's data
        file.seek(HEADER_BYTES + block * block_size + 64)
        file.write(b"\xde\xad\xbe\xef" * 64)
    store = Store(cache)
    assert (store.path, store.notice, _set_aside(cache)) == (str(cache), None, [])
    with pytest.raises(StoreError) as raised:
        store.query("SELECT sum(count) AS n FROM token_usage")
    assert str(raised.value) == DAMAGED
    assert len(_set_aside(cache)) == 1
    assert store.query("SELECT count(*) AS n FROM runs").item() == 0  # the same thread, on the new cache
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    assert len(_set_aside(cache)) == 1


class FullDiskStore(Store):
    """A store whose COMMITs number `failing` fail inside DuckDB with a full disk's message (a path
    and a PID in it), leaving the transaction aborted, as the issue saw it."""

    def __init__(self, path: Path, failing: set[int]) -> None:
        self.failing, self.commits = failing, 0
        super().__init__(path)

    def _commit(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self.commits += 1
        if self.commits in self.failing:
            cursor.execute("SELECT error('Could not write \"/srv/cache/profiles.duckdb.wal\": No space left (PID 42)')")
        super()._commit(cursor)


def test_a_failed_commit_is_rolled_back_and_the_same_thread_writes_next(
    cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FullDiskStore(cache, failing={1})  # the corpus's documents, written on this thread
    with caplog.at_level(logging.WARNING, logger="tokenlab"), pytest.raises(StoreError) as raised:
        _english_tokens(store)
    assert str(raised.value) == NOT_SAVED
    assert "No space left (PID 42)" in caplog.text  # the detail is in the server's log, not the message
    assert store.query("SELECT count(*) AS n FROM corpora").item() == 0  # not "Current transaction is aborted"
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    assert (store.runs_written, store.commits) == (1, 3)


def test_a_failed_commit_of_a_run_releases_its_lock_and_writes_nothing_of_it(cache: Path) -> None:
    store = FullDiskStore(cache, failing={2})  # the run's counts, written on the profiling's writer thread
    corpus = udhr(["eng"])
    with pytest.raises(StoreError, match=re.escape(NOT_SAVED)):
        tokenlab.profile_corpus(corpus, ["gpt2"], store=store, baselines=False)
    assert not store.run_lock(corpus.content_hash, corpus_encoder("gpt2").cache_key).locked()
    counts = store.query(
        "SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM doc_counts) AS doc_counts, "
        "(SELECT count(*) FROM token_usage) AS token_usage, (SELECT count(*) FROM corpora) AS corpora"
    )
    assert counts.row(0) == (0, 0, 0, 1)
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS


FULL_DISK = textwrap.dedent(
    """
    import json, os, resource, signal, sys
    import tokenlab
    from tokenlab.corpora import udhr
    from tokenlab.engine import store as store_module
    from tokenlab.engine.encoding import corpus_encoder
    from tokenlab.metrics import corpus_metrics

    path, checkpoint = sys.argv[1], sys.argv[2] == "checkpoint"
    if checkpoint:  # DuckDB checkpoints after every COMMIT, so the failing write is the checkpoint's
        store_module.FILE_CONFIG["checkpoint_threshold"] = "1KB"
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as with ENOSPC
    store = store_module.Store(path)
    corpus = udhr(["eng"])
    tokenlab.profile_corpus(corpus, ["utf8-bytes"], store=store, baselines=False)  # the corpus is in the cache
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    files = [name for name in (path, path + ".wal") if os.path.exists(name)]
    resource.setrlimit(resource.RLIMIT_FSIZE, (max(map(os.path.getsize, files)), hard))  # no file grows past it
    try:
        tokenlab.profile_corpus(corpus, ["gpt2"], store=store, baselines=False)
        error = None
    except tokenlab.TokenlabError as failure:
        error = str(failure)
    locked = store.run_lock(corpus.content_hash, corpus_encoder("gpt2").cache_key).locked()
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # the disk has room again
    profile = tokenlab.profile_corpus(corpus, ["gpt2"], store=store, baselines=False)
    tokens = corpus_metrics.compression(profile).get_column("tokens").to_list()
    print(json.dumps({"error": error, "locked": locked, "tokens": tokens, "path": store.path}))
    """
)


@pytest.mark.parametrize("failing", ["wal", "checkpoint"])
def test_a_full_disk_fails_the_write_in_one_line_and_the_store_works_once_there_is_room(
    cache: Path, failing: str
) -> None:
    """A real failing write of a run: its WAL cannot grow, or the checkpoint after its durable
    COMMIT cannot grow the file and DuckDB invalidates the whole database (the store then
    reopens it on the next use)."""
    cache.parent.mkdir(parents=True)
    child = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(cache), failing], capture_output=True, text=True, timeout=300
    )
    assert child.returncode == 0, child.stderr
    outcome = json.loads(child.stdout)
    assert outcome == {"error": NOT_SAVED, "locked": False, "tokens": ENGLISH_GPT2_TOKENS, "path": str(cache)}
    # DuckDB's words went to the log (standard error here), with the file that could not grow.
    assert f'Could not write file "{cache}{".wal" if failing == "wal" else ""}": File too large' in child.stderr
    assert ("failed and is reopened" in child.stderr) == (failing == "checkpoint")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nothing can be created in, for root too (root ignores permission bits, so the
    folder is made immutable with chattr)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: no folder is read-only to root")
    yield folder
    subprocess.run([chattr, "-i", str(folder)], check=True)


def test_a_read_only_folder_keeps_results_in_memory(read_only_folder: Path) -> None:
    store = Store(read_only_folder / "profiles.duckdb", retry_seconds=0)
    assert (store.path, store.notice) == (MEMORY, UNAVAILABLE)
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS
    assert _english_tokens(store) == ENGLISH_GPT2_TOKENS  # a cache hit in memory, the file tried again meanwhile
    assert (store.runs_written, store.cache_hits, store.notice) == (1, 1, UNAVAILABLE)
    assert list(read_only_folder.iterdir()) == []


def test_a_query_duckdb_refuses_becomes_one_line_and_the_detail_goes_to_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = Store(MEMORY)
    with caplog.at_level(logging.WARNING, logger="tokenlab"), pytest.raises(StoreError) as raised:
        store.query("SELECT * FROM no_such_table WHERE corpus_hash = $h", {"h": "x"})
    assert str(raised.value) == (
        "The profile cache could not answer this request; try again (the server log has the details)."
    )
    assert "no_such_table" in caplog.text
    assert store.query("SELECT count(*) AS n FROM runs").item() == 0
