"""The DuckDB profile cache: real database files in temp dirs, no mocks."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tokenlab.corpora import Corpus, udhr
from tokenlab.engine import profiling
from tokenlab.engine.encoding import corpus_encoder
from tokenlab.engine.store import MEMORY, Store
from tokenlab.metrics import corpus_metrics

INJECTION = "x'); DROP TABLE runs; --"
TABLES = ["corpora", "doc_counts", "documents", "expiring", "groups", "runs", "shared_texts", "token_usage"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "profiles.duckdb"


def _tables(store: Store) -> list[str]:
    return store.query("SELECT table_name FROM information_schema.tables ORDER BY 1").get_column("table_name").to_list()


def test_store_creates_its_directory_and_file(db_path: Path) -> None:
    store = Store(db_path)
    assert (store.path, store.notice) == (str(db_path), None)
    assert db_path.is_file() and _tables(store) == TABLES


def test_in_memory_store_spills_to_the_system_temporary_directory() -> None:
    setting = Store(MEMORY).query("SELECT current_setting('temp_directory') AS d").item()
    assert setting == str(Path(tempfile.gettempdir()) / "tokenlab-duckdb")


def test_unusable_path_falls_back_to_memory_with_a_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    store = Store(blocker / "profiles.duckdb")
    assert store.path == MEMORY
    assert store.notice == (
        "The profile cache cannot be opened or written, so results are kept in memory until the server restarts."
    )
    assert _tables(store) == TABLES


def test_second_request_is_a_counted_cache_hit(db_path: Path) -> None:
    store = Store(db_path)
    corpus = udhr(["eng", "fra"])
    first = tokenlab.profile_corpus(corpus, ["o200k_base", "gpt2"], store=store)
    assert (store.runs_written, store.cache_hits) == (4, 0)
    second = tokenlab.profile_corpus(corpus, ["o200k_base", "gpt2"], store=store)
    assert (store.runs_written, store.cache_hits) == (4, 4)
    assert corpus_metrics.summary(first).equals(corpus_metrics.summary(second))


def test_a_cached_request_in_a_new_process_works_out_no_word_units(db_path: Path) -> None:
    corpus = udhr(["eng", "fra"])
    tokenlab.profile_corpus(corpus, ["gpt2"], store=Store(db_path))
    profiling._layout.cache_clear()  # as a new server process finds it
    tokenlab.profile_corpus(corpus, ["gpt2"], store=Store(db_path))
    assert profiling._layout.cache_info().misses == 0


def test_counts_survive_reopening_the_file(db_path: Path) -> None:
    corpus = udhr(["eng"])
    store = Store(db_path)
    tokenlab.profile_corpus(corpus, ["gpt2"], store=store, baselines=False)
    store.close()
    reopened = Store(db_path)
    profile = tokenlab.profile_corpus(corpus, ["gpt2"], store=reopened, baselines=False)
    assert (reopened.runs_written, reopened.cache_hits) == (0, 1)
    assert corpus_metrics.compression(profile).get_column("tokens").to_list() == [1541]  # tiktoken gpt2


def test_a_changed_document_is_a_cache_miss() -> None:
    store = Store(MEMORY)
    tokenlab.profile_corpus(Corpus.from_rows("c", [("g", "0", "one text")]), ["gpt2"], store=store, baselines=False)
    tokenlab.profile_corpus(Corpus.from_rows("c", [("g", "0", "one text!")]), ["gpt2"], store=store, baselines=False)
    assert (store.runs_written, store.cache_hits) == (2, 0)


def test_progress_reports_characters_across_tokenizers() -> None:
    corpus = udhr(["eng"])
    calls: list[tuple[int, int, str]] = []
    tokenlab.profile_corpus(corpus, ["gpt2"], store=Store(MEMORY), progress=lambda *call: calls.append(call))
    assert calls[-1][:2] == (3 * corpus.characters, 3 * corpus.characters)
    assert [call[2] for call in calls] == ["gpt2", "utf8-bytes", "unicode-chars"]


def test_sql_injection_in_corpus_and_group_names_is_harmless() -> None:
    store = Store(MEMORY)
    corpus = Corpus.from_rows(INJECTION, [(INJECTION, "0", "Hello world"), ('"; DELETE FROM documents; --', "0", "Hi")])
    profile = tokenlab.profile_corpus(corpus, ["gpt2"], store=store)
    summary = corpus_metrics.summary(profile, groups=[INJECTION])
    assert summary.get_column("group").unique().to_list() == [INJECTION]
    assert corpus_metrics.compression(profile, groups=["' OR 1=1 --"]).is_empty()
    assert _tables(store) == TABLES
    assert store.query("SELECT name FROM corpora").get_column("name").to_list() == [INJECTION]
    assert store.query("SELECT count(*) AS n FROM documents").item() == 2


def test_threads_sharing_a_store_profile_and_query_without_errors(db_path: Path) -> None:
    store = Store(db_path)
    corpora = [udhr(["eng"]), udhr(["fra"])]
    errors: list[BaseException] = []
    results: list[pl.DataFrame] = []

    def session(index: int) -> None:
        # Half the sessions ask in the opposite order: run locks taken in both orders must not deadlock.
        tokenizers = ["gpt2", "o200k_base"] if index // 2 % 2 else ["o200k_base", "gpt2"]
        try:
            profile = tokenlab.profile_corpus(corpora[index % 2], tokenizers, store=store)
            results.append(corpus_metrics.summary(profile))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=session, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    assert store.runs_written == 2 * 4  # each (corpus, tokenizer) counted once, the rest were hits
    assert store.cache_hits + store.runs_written == 6 * 4
    assert store.query("SELECT count(*) AS n FROM runs").item() == 8
    assert store.query("SELECT count(*) AS n FROM documents").item() == 60
    english = [frame for frame in results if frame.get_column("group").to_list()[0] == "eng"]
    in_order = [frame.sort("tokenizer") for frame in english]  # rows follow the order asked for
    assert len(english) == 3 and all(frame.equals(in_order[0]) for frame in in_order)


@pytest.mark.parametrize("failing", ["gpt2", "o200k_base"])
def test_a_tokenizer_that_fails_mid_run_releases_every_run_lock(failing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting queues the next tokenizer's batches behind the current one's, so a failure in
    either must cancel the other, release both locks and write nothing it did not finish."""
    store = Store(MEMORY)
    corpus = udhr(["eng", "fra"])
    tokenizer = tokenlab.load_tokenizer(failing)

    def broken(texts: list[str]) -> list[list[int]]:
        raise RuntimeError(f"{failing} broke")

    monkeypatch.setattr(tokenizer, "encode_batch", broken)
    with pytest.raises(RuntimeError, match=f"{failing} broke"):
        tokenlab.profile_corpus(corpus, ["gpt2", "o200k_base"], store=store, baselines=False)
    monkeypatch.undo()
    keys = {t: corpus_encoder(t).cache_key for t in ("gpt2", "o200k_base")}
    assert not any(store.run_lock(corpus.content_hash, key).locked() for key in keys.values())
    written = store.query("SELECT tokenizer_id FROM runs").get_column("tokenizer_id").to_list()
    assert failing not in written
    profile = tokenlab.profile_corpus(corpus, ["gpt2", "o200k_base"], store=store, baselines=False)
    assert corpus_metrics.summary(profile).height == 4


def test_an_expired_corpus_is_deleted_with_its_runs_and_the_others_stay(tmp_path: Path) -> None:
    store = Store(tmp_path / "profiles.duckdb")
    kept = tokenlab.profile_corpus(udhr(["eng", "fra"]), ["gpt2"], store=store, baselines=False)
    upload = tokenlab.profile_corpus(udhr(["deu"]), ["gpt2"], store=store, baselines=False)
    store.expire(upload.corpus_hash, after_seconds=3600)
    assert store.purge_expired() == 0  # not yet
    store.expire(upload.corpus_hash, after_seconds=-1)  # asked again: the time moves (here, to the past)
    assert store.purge_expired() == 1
    for table in ("corpora", "documents", "groups", "runs", "doc_counts", "token_usage", "expiring"):
        rows = store.query(f"SELECT corpus_hash FROM {table}").get_column("corpus_hash").unique().to_list()
        assert rows in ([kept.corpus_hash], []), table
        assert upload.corpus_hash not in rows
    assert store.purge_expired() == 0
    assert corpus_metrics.summary(kept).height == 2
