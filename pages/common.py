"""Caching shared by the pages: tokenizers live once per server, results per input."""

from __future__ import annotations

import streamlit as st

import tokenlab


@st.cache_resource(show_spinner=False)
def cached_tokenizer(tokenizer_id: str) -> tokenlab.Tokenizer:
    """One loaded tokenizer per server process, shared by every session."""
    return tokenlab.load_tokenizer(tokenizer_id)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_segmentation(tokenizer_id: str, text: str) -> tokenlab.Segmentation:
    return cached_tokenizer(tokenizer_id).segment(text)


@st.cache_data(show_spinner=False)
def catalogue_names() -> dict[str, str]:
    """Display label per bundled tokenizer id, in catalogue order."""
    return {info.id: info.label for info in tokenlab.list_tokenizers()}
