"""Profile a corpus: count every document with every tokenizer once, store the counts.

`profile_corpus` is the one entry point the app, the CLI and the benchmark use. For each
tokenizer it asks the store first (a hit costs a query); on a miss it encodes the documents in
batches of about `settings.PROFILE_BATCH_CHARS` characters with the library's batch call,
aligns tokens with word units, and writes the counts in one transaction. `progress(done,
total, tokenizer_id)` is called after every batch, in characters, across all tokenizers that
need counting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np
import polars as pl

from tokenlab import settings
from tokenlab.corpora.corpus import Corpus
from tokenlab.engine.bundled_counts import COUNTS_FILES, counts_file, shipped_runs
from tokenlab.engine.doc_counts import COUNT_COLUMNS, BatchUnits, batch_ranges, count_batch
from tokenlab.engine.encoding import BASELINES, BatchText, CorpusEncoder, bundled_cache_key, corpus_encoder
from tokenlab.engine.store import Store, default_store
from tokenlab.memory import return_freed_memory
from tokenlab.text.word_units import units_for_texts
from tokenlab.tokenizers.base import Tokenizer

ProgressCallback = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Profile:
    """Counts of one corpus by several tokenizers, ready for the metrics in corpus_metrics."""

    store: Store
    corpus_hash: str
    corpus_name: str
    tokenizer_keys: dict[str, str]  # tokenizer id -> cache key, in the order asked for

    @property
    def tokenizer_ids(self) -> list[str]:
        return list(self.tokenizer_keys)


@dataclass(frozen=True)
class _Layout:
    """Where documents and word units are in the corpus text (documents joined, no separator)."""

    texts: list[str]
    doc_chars: np.ndarray
    doc_char_starts: np.ndarray
    doc_group: np.ndarray  # index into group_names
    group_names: list[str]
    units: BatchUnits  # of the whole corpus
    documents: pl.DataFrame  # the store's DOCUMENT_COLUMNS


@lru_cache(maxsize=2)  # word units of a whole corpus: tens of MB for the UDHR
def _layout(corpus: Corpus) -> _Layout:
    texts = corpus.texts
    doc_chars = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    doc_char_starts = np.concatenate(([0], np.cumsum(doc_chars)[:-1]))
    units = units_for_texts(texts)
    word_units = BatchUnits.of_texts(texts, units)
    groups = corpus.documents.get_column("group")
    group_names = groups.unique(maintain_order=True).to_list()
    doc_group = groups.replace_strict(group_names, list(range(len(group_names))), return_dtype=pl.Int32).to_numpy()
    documents = pl.DataFrame(
        {
            "doc": np.arange(len(texts), dtype=np.int32),
            "group_name": groups,
            "part": corpus.documents.get_column("part"),
            "unit": [str(u) for u in units],
            "characters": doc_chars,
            "bytes": corpus.documents.get_column("text").str.len_bytes().cast(pl.Int64),
            "words": word_units.words(len(texts)),
        }
    )
    return _Layout(texts, doc_chars, doc_char_starts, doc_group, group_names, word_units, documents)


_BatchResult = tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]


def _count_batch(encoder: CorpusEncoder, layout: _Layout, batch: tuple[int, int, BatchText]) -> _BatchResult:
    """Counts of one batch of the corpus, and its tokens' ids and group indexes."""
    lo, hi, text = batch
    every, base = layout.units, layout.doc_char_starts[lo]
    u_lo, u_hi = np.searchsorted(every.doc, [lo, hi])
    units = BatchUnits(every.starts[u_lo:u_hi] - base, every.ends[u_lo:u_hi] - base, every.doc[u_lo:u_hi] - lo)
    counts, encoded = count_batch(encoder, text, units)
    return counts, encoded.ids.astype(np.int32), np.repeat(layout.doc_group[lo:hi], encoded.counts)


@dataclass
class _Counting:
    """One tokenizer's batches, queued on the pool, and the run lock held for it."""

    encoder: CorpusEncoder
    lock: threading.Lock
    batches: list[Future[_BatchResult]]

    def gather(
        self, layout: _Layout, batches: list[tuple[int, int, BatchText]], progress: Callable[[int], None]
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Per-document counts, and every token's (group index, id), taking batches in order."""
        columns: dict[str, list[np.ndarray]] = {name: [] for name in COUNT_COLUMNS}
        usage_ids, usage_groups = [], []
        for (lo, hi, _), future in zip(batches, self.batches, strict=True):
            counts, ids, groups = future.result()
            for name, values in counts.items():
                columns[name].append(values)
            usage_ids.append(ids)
            usage_groups.append(groups)
            progress(int(layout.doc_chars[lo:hi].sum()))
        counts_frame = pl.DataFrame(
            {
                "doc": np.arange(len(layout.texts), dtype=np.int32),
                **{name: np.concatenate(parts) for name, parts in columns.items()},
            }
        )
        tokens = pl.DataFrame({"group": np.concatenate(usage_groups), "token_id": np.concatenate(usage_ids)})
        return counts_frame, tokens

    def cancel(self) -> None:
        for future in self.batches:
            future.cancel()
        self.lock.release()


def _release(lock: threading.Lock, _: Future[None]) -> None:
    """A done-callback that releases `lock` whatever the future's outcome."""
    lock.release()


def _ensure_corpus(store: Store, corpus: Corpus) -> None:
    with store.key_lock(corpus.content_hash, ""):  # two sessions uploading the same file write it once
        if not store.has_corpus(corpus.content_hash):
            groups = corpus.groups.rename({"group": "group_name"})
            store.add_corpus(corpus.content_hash, corpus.name, _layout(corpus).documents, groups)


def _cache_keys(tokenizers: Sequence[str | Tokenizer], baselines: bool) -> list[tuple[str, str, str | Tokenizer]]:
    """(id, cache key, what to count it with) per tokenizer asked for, then the baselines."""
    keys: list[tuple[str, str, str | Tokenizer]] = []
    for tokenizer in tokenizers:
        if isinstance(tokenizer, Tokenizer):
            encoder = corpus_encoder(tokenizer)
            keys.append((encoder.id, encoder.cache_key, tokenizer))
        else:
            keys.append((tokenizer, bundled_cache_key(tokenizer), tokenizer))
    if baselines:
        keys += [(b.id, b.cache_key, b.id) for b in BASELINES.values() if b.id not in {k[0] for k in keys}]
    return keys


def uncounted(corpus: Corpus, tokenizers: Sequence[str | Tokenizer], store: Store, baselines: bool = True) -> list[str]:
    """The tokenizers `profile_corpus` would have to count `corpus` with (neither in `store` nor
    shipped): the app queues a visitor behind others only when there is counting to do."""
    done = store.query("SELECT tokenizer_key FROM runs WHERE corpus_hash = $h", {"h": corpus.content_hash})
    counted = set(done.get_column("tokenizer_key"))
    shipped = shipped_runs()
    return [
        tokenizer_id
        for tokenizer_id, key, _ in _cache_keys(tokenizers, baselines)
        if key not in counted and (corpus.content_hash, key) not in shipped
    ]


def profile_corpus(
    corpus: Corpus,
    tokenizers: Sequence[str | Tokenizer],
    store: Store | None = None,
    progress: ProgressCallback | None = None,
    baselines: bool = True,
    bundled_counts: bool = True,
) -> Profile:
    """Count `corpus` with each tokenizer (ids, loaded tokenizers or baseline ids), cached.

    Each tokenizer's batches are queued on the pool behind the previous tokenizer's, so the
    cores never wait while one tokenizer's counts are gathered; those are then written to the
    store on a thread of their own, and its run lock is held until the write is done. A
    session that finds a run locked by another first finishes and writes what it has queued,
    so it never waits holding a lock.
    With `baselines`, "utf8-bytes" and "unicode-chars" are counted too, so every table can
    show what byte- and character-level models would pay for the same text. With
    `bundled_counts`, a run tokenlab ships (a bundled corpus by a bundled tokenizer,
    bundled_counts.py) is copied into the store instead of counted.
    """
    store = store or default_store()
    keys = _cache_keys(tokenizers, baselines)
    _ensure_corpus(store, corpus)
    profile = Profile(store, corpus.content_hash, corpus.name, {tokenizer_id: key for tokenizer_id, key, _ in keys})
    # A bundled tokenizer is loaded only when it has something to count: its cache key comes
    # from its files' hashes, so a cached run costs a query and no tokenizer in memory.
    pending = [(key, source) for _, key, source in keys if not store.has_run(corpus.content_hash, key)]
    shipped = shipped_runs() if bundled_counts else frozenset()
    for key, source in [(key, source) for key, source in pending if (corpus.content_hash, key) in shipped]:
        with store.key_lock(corpus.content_hash, key):
            if not store.has_run(corpus.content_hash, key):  # nor copied by another session just now
                store.import_run(corpus.content_hash, key, {t: counts_file(t) for t in COUNTS_FILES})
        pending.remove((key, source))
    if not pending:  # all cached: a query each, no word units to work out
        return profile
    total, done = corpus.characters * len(pending), 0
    layout = _layout(corpus)
    # Shared by the tokenizers of this call, then dropped.
    batches = [(lo, hi, BatchText(layout.texts[lo:hi])) for lo, hi in batch_ranges(layout.doc_chars)]
    writes: list[Future[None]] = []
    counting: deque[_Counting] = deque()  # the tokenizer being gathered, and the next one queued behind it
    finished = time.perf_counter()

    def finish(run: _Counting) -> None:
        """Gather a tokenizer's batches and hand its counts to the writer, which releases its lock."""
        nonlocal finished

        def advance(chars: int) -> None:
            nonlocal done
            done += chars
            if progress is not None:
                progress(done, total, run.encoder.id)

        try:
            counts, tokens = run.gather(layout, batches, advance)
        except BaseException:
            run.cancel()
            raise
        started, finished = finished, time.perf_counter()
        encoder = run.encoder
        write = writer.submit(
            store.add_run,
            corpus.content_hash,
            encoder.cache_key,
            encoder.id,
            encoder.vocab_size,
            finished - started,
            counts,
            tokens,
            layout.group_names,
        )
        write.add_done_callback(partial(_release, run.lock))
        writes.append(write)

    with (
        ThreadPoolExecutor(settings.PROFILE_THREADS, thread_name_prefix="tokenlab-profile") as pool,
        ThreadPoolExecutor(1, thread_name_prefix="tokenlab-store") as writer,
    ):
        try:
            for key, source in pending:
                lock = store.run_lock(corpus.content_hash, key)
                if not lock.acquire(blocking=False):  # another session is counting it: wait holding no lock
                    while counting:
                        finish(counting.popleft())
                    wait(writes)
                    lock.acquire()
                try:
                    counted = store.has_run(corpus.content_hash, key)  # by another session, just now
                    # Loaded only now, one or two at a time: the registry keeps the rest within its budget.
                    encoder = None if counted else corpus_encoder(source)
                    queued = [] if encoder is None else [pool.submit(_count_batch, encoder, layout, b) for b in batches]
                except BaseException:
                    lock.release()
                    raise
                if encoder is None:
                    lock.release()
                    continue
                counting.append(_Counting(encoder, lock, queued))
                if len(counting) > 1:
                    finish(counting.popleft())
            while counting:
                finish(counting.popleft())
        except BaseException:
            while counting:
                counting.popleft().cancel()
            raise
        for write in writes:
            write.result()  # a failed write raises here
    return_freed_memory()
    return profile
