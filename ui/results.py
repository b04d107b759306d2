"""What the corpus result pages share: profiling behind a progress bar, and tables as CSV and Parquet."""

from __future__ import annotations

import re
import time

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import tokenlab
from tokenlab import settings
from tokenlab.corpora import read_table, text_columns
from tokenlab.engine import store as profile_store
from tokenlab.engine.profiling import uncounted
from tokenlab.metrics.table_export import csv_bytes, parquet_bytes
from tokenlab.text.markup import markdown_text
from ui.jobs import heavy_job
from ui.state import catalogue_names, counted_with, hub_tokenizers, session_memo


def profile(
    corpus: tokenlab.Corpus, tokenizers: list[str | tokenlab.Tokenizer], *, visitor_data: bool = False
) -> tokenlab.Profile:
    """Counts from the store, or counted now behind a progress bar (the first visit is the slow one),
    in line behind other visitors' counting. A visitor's own corpus (`visitor_data`) is deleted
    from the shared store settings.UPLOAD_RETENTION_S after its last use."""
    store = profile_store.default_store()
    _purge_expired(store)
    if not uncounted(corpus, tokenizers, store, baselines=False):
        result = tokenlab.profile_corpus(corpus, tokenizers, store=store, baselines=False)
    else:
        names = catalogue_names()
        with heavy_job(f"counting {corpus.name}"):
            slot = st.empty()

            def advance(done: int, total: int, tokenizer_id: str) -> None:
                slot.progress(
                    min(done / max(total, 1), 1.0),
                    text=f"Counting {markdown_text(corpus.name)} with {names.get(tokenizer_id, tokenizer_id)}… "
                    f"{done:,} of {total:,} characters (once; later visits read the cache)",
                )

            result = tokenlab.profile_corpus(corpus, tokenizers, store=store, progress=advance, baselines=False)
            slot.empty()
    if visitor_data:
        store.expire(result.corpus_hash, settings.UPLOAD_RETENTION_S)
    return result


def open_results(files: list[UploadedFile]) -> tokenlab.Profile:
    """Uploaded results of a run (profile --out DIR), read into the store once; the same files again are a cache hit."""
    store = profile_store.default_store()
    result = tokenlab.open_uploaded_results([(file.name, file.getvalue()) for file in files], store=store)
    store.expire(result.corpus_hash, settings.UPLOAD_RETENTION_S)
    return result


def visitor_columns(upload: UploadedFile) -> tuple[list[str], list[str]]:
    """A table upload's columns and its text-column candidates, read once per uploaded file
    (the table itself is not kept)."""

    def read() -> tuple[list[str], list[str]]:
        table = read_table(upload.getvalue(), upload.name)
        return table.columns, text_columns(table)

    return session_memo("_upload_columns", upload.file_id, read)


def visitor_profile(
    upload: UploadedFile, text_column: str | None, group_column: str | None, tokenizers: list[str]
) -> tokenlab.Profile:
    """The visitor's corpus counted by `tokenizers`: parsed, hashed and counted once per choice of
    file, columns and tokenizers, within the session's character allowance; only the small
    Profile is kept in the session, the corpus's text is not."""

    def count() -> tokenlab.Profile:
        corpus = tokenlab.read_upload(
            upload.getvalue(), upload.name, text_column, group_column, settings.MAX_APP_UPLOAD_CHARS
        )
        _charge_session(corpus)
        return profile(corpus, counted_with(tokenizers), visitor_data=True)

    return session_memo("_upload_profile", (upload.file_id, text_column, group_column, tuple(tokenizers)), count)


def _charge_session(corpus: tokenlab.Corpus) -> None:
    """Count `corpus` against the session's allowance (each distinct corpus once)."""
    charged: dict[str, int] = st.session_state.setdefault("_upload_chars", {})
    if corpus.content_hash in charged:
        return
    used = sum(charged.values())
    if used + corpus.characters > settings.MAX_SESSION_UPLOAD_CHARS:
        raise tokenlab.CorpusError(
            f"This session has counted {used:,} characters of uploads; {corpus.characters:,} more would pass the "
            f"{settings.MAX_SESSION_UPLOAD_CHARS:,} one visitor may count. For more, run `tokenlab profile` on your "
            "machine."
        )
    charged[corpus.content_hash] = corpus.characters


_last_purge = 0.0


def _purge_expired(store: tokenlab.Store) -> None:
    """Delete expired uploads from the store, at most once a minute (a query's worth of work)."""
    global _last_purge
    if time.monotonic() - _last_purge >= 60:
        _last_purge = time.monotonic()
        store.purge_expired()


def download_buttons(frame: pl.DataFrame, name: str, key: str) -> None:
    """CSV and Parquet of `frame` (with tokenizer sha256 and tokenlab version), side by side."""
    name = re.sub(r"[^\w.-]+", "-", name)  # a Hub id's "hub:owner/name" is no file name
    hub = {tokenizer_id: tokenizer.info for tokenizer_id, tokenizer in hub_tokenizers().items()}
    csv_col, parquet_col, _ = st.columns([1, 1, 4])
    csv_col.download_button(
        "CSV",
        csv_bytes(frame, hub),
        f"tokenlab-{name}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        disabled=frame.is_empty(),
    )
    parquet_col.download_button(
        "Parquet",
        parquet_bytes(frame, hub),
        f"tokenlab-{name}.parquet",
        "application/vnd.apache.parquet",
        key=f"{key}_parquet",
        icon=":material/download:",
        disabled=frame.is_empty(),
    )


def require_tokenizers(chosen: list[str]) -> None:
    """Stop the page with a hint when no tokenizer is picked; say so when the cache is in memory only."""
    if not chosen:
        st.info("Pick at least one tokenizer.")
        st.stop()
    if notice := profile_store.default_store().notice:
        st.warning(notice)
