"""Texts too long for a link, kept in the profile cache under their hash: real DuckDB files, a clock we set."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.other_process import OtherProcess
from tokenlab import settings
from tokenlab.engine.store import MEMORY, Store
from tokenlab.errors import InvalidTextError

DAY = 86400.0
INJECTION = "x'); DROP TABLE shared_texts; --"


class Clock:
    """Seconds since the epoch, moved by the test."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Store:
    return Store(tmp_path / "profiles.duckdb", clock=clock)


def test_a_text_comes_back_by_its_key_after_the_file_is_reopened(tmp_path: Path, clock: Clock) -> None:
    text = "Ünïcödé, 中文, العربية 2024 and 👩‍👩‍👧 " * 500
    first = Store(tmp_path / "profiles.duckdb", clock=clock)
    key = first.share_text(text)
    assert key == hashlib.sha256(text.encode()).hexdigest()[:32]
    first.close()
    assert Store(tmp_path / "profiles.duckdb", clock=clock).shared_text(key) == text


def test_an_in_memory_store_keeps_texts_for_its_lifetime(clock: Clock) -> None:
    store = Store(MEMORY, clock=clock)
    key = store.share_text("kept in memory")
    assert store.shared_text(key) == "kept in memory"


@given(text=st.text(max_size=300))
def test_any_text_round_trips_exactly(text: str) -> None:
    store = Store(MEMORY)
    assert store.shared_text(store.share_text(text)) == text


def test_hostile_texts_and_keys_stay_data(store: Store) -> None:
    key = store.share_text(INJECTION)
    assert store.shared_text(key) == INJECTION
    for bad in (INJECTION, "' OR 1=1 --", key.upper(), key[:-1], key + "0", "", "%"):
        assert store.shared_text(bad) is None
    assert store.query("SELECT count(*) AS n FROM shared_texts").item() == 1


def test_a_text_over_the_limit_is_refused_and_nothing_is_kept(store: Store) -> None:
    with pytest.raises(InvalidTextError) as refused:
        store.share_text("x" * (settings.MAX_TEXT_CHARS + 1))
    assert str(refused.value) == "The text has 100,001 characters; a link can keep at most 100,000."
    assert store.query("SELECT count(*) AS n FROM shared_texts").item() == 0
    assert store.shared_text(store.share_text("x" * settings.MAX_TEXT_CHARS)) == "x" * settings.MAX_TEXT_CHARS


def test_a_text_expires_after_the_retention_and_sharing_it_again_restarts_its_time(store: Store, clock: Clock) -> None:
    key = store.share_text("a long text")
    clock.now += 20 * DAY
    assert store.share_text("a long text") == key  # shared (or opened) again: 30 more days
    clock.now += 29 * DAY
    assert store.shared_text(key) == "a long text"
    clock.now += 1 * DAY
    assert store.shared_text(key) is None
    store.share_text("another text")  # a later share deletes what expired
    assert store.query("SELECT count(*) AS n FROM shared_texts").item() == 1


def test_the_oldest_texts_go_first_when_the_table_is_full(
    store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "SHARED_TEXTS_BYTES", 3000)
    keys = []
    for letter in "abcd":  # 1,000 bytes each, shared a second apart
        keys.append(store.share_text(letter * 1000))
        clock.now += 1
    assert [store.shared_text(key) is not None for key in keys] == [False, True, True, True]
    store.share_text("b" * 1000)  # shared again: now the newest
    store.share_text("é" * 600)  # 1,200 bytes: "c" and "d" go, "b" stays
    assert [store.shared_text(key) is not None for key in keys] == [False, True, False, False]
    assert store.query("SELECT sum(bytes) AS n FROM shared_texts").item() == 2200


def test_texts_kept_in_memory_while_the_file_was_locked_are_copied_into_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "profiles.duckdb"
    holder = OtherProcess(cache)
    try:
        store = Store(cache, retry_seconds=0)
        assert store.path == MEMORY
        key = store.share_text("shared while locked")
    finally:
        holder.exit()
    assert store.notice is None and store.path == str(cache)
    assert store.shared_text(key) == "shared while locked"
    store.close()
    with duckdb.connect(str(cache), read_only=True) as connection:
        assert connection.execute("SELECT text_key FROM shared_texts").fetchall() == [(key,)]
