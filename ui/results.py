"""What the corpus result pages share: profiling behind a progress bar, and tables as CSV and Parquet."""

from __future__ import annotations

import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import tokenlab
from ui.state import catalogue_names
from tokenlab.table_export import csv_bytes, parquet_bytes


def profile(corpus: tokenlab.Corpus, tokenizers: list[str]) -> tokenlab.Profile:
    """Counts from the store, or counted now behind a progress bar (the first visit is the slow one)."""
    names = catalogue_names()
    slot = st.empty()

    def advance(done: int, total: int, tokenizer_id: str) -> None:
        slot.progress(min(done / max(total, 1), 1.0),
                      text=f"Counting {corpus.name} with {names.get(tokenizer_id, tokenizer_id)}… "
                           f"{done:,} of {total:,} characters (once; later visits read the cache)")  # fmt: skip

    result = tokenlab.profile_corpus(corpus, tokenizers, store=tokenlab.store.default_store(), progress=advance,
                                     baselines=False)
    slot.empty()
    return result


def open_results(files: list[UploadedFile]) -> tokenlab.Profile:
    """Uploaded results of a run (profile --out DIR), read into the store once; the same files again are a cache hit."""
    return tokenlab.open_uploaded_results([(file.name, file.getvalue()) for file in files],
                                          store=tokenlab.store.default_store())


def download_buttons(frame: pl.DataFrame, name: str, key: str) -> None:
    """CSV and Parquet of `frame` (with tokenizer sha256 and tokenlab version), side by side."""
    csv_col, parquet_col, _ = st.columns([1, 1, 4])
    csv_col.download_button("CSV", csv_bytes(frame), f"tokenlab-{name}.csv", "text/csv", key=f"{key}_csv",
                            icon=":material/download:", disabled=frame.is_empty())
    parquet_col.download_button("Parquet", parquet_bytes(frame), f"tokenlab-{name}.parquet",
                                "application/vnd.apache.parquet", key=f"{key}_parquet",
                                icon=":material/download:", disabled=frame.is_empty())


def require_tokenizers(chosen: list[str]) -> None:
    """Stop the page with a hint when no tokenizer is picked; say so when the cache is in memory only."""
    if not chosen:
        st.info("Pick at least one tokenizer.")
        st.stop()
    if notice := tokenlab.store.default_store().notice:
        st.warning(notice)
