"""Caching and widget state shared by the pages: tokenizers live once per server, results per input."""

from __future__ import annotations

import streamlit as st

import tokenlab


#: Widget keys whose values must survive a visit to another page. Streamlit forgets a widget's
#: value when a run does not draw it; re-assigning the key on every run (from app.py) keeps it.
PERSISTENT_KEYS = ("text", "tokenizers", "view", "ws", "special", "repeats")


def keep_widget_state() -> None:
    """Carry the explorer's inputs across page switches (call once per run, before any page)."""
    for key in PERSISTENT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


@st.cache_resource(show_spinner=False)
def cached_tokenizer(tokenizer_id: str) -> tokenlab.Tokenizer:
    """One loaded tokenizer per server process, shared by every session."""
    return tokenlab.load_tokenizer(tokenizer_id)


@st.cache_resource(max_entries=4, show_spinner="Loading your tokenizer…")
def uploaded_tokenizer(data: bytes, filename: str) -> tokenlab.Tokenizer:
    """A tokenizer from an uploaded file, kept while its bytes are in use (a few at a time)."""
    return tokenlab.load_tokenizer_bytes(data, filename)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_segmentation(tokenizer_id: str, text: str) -> tokenlab.Segmentation:
    return cached_tokenizer(tokenizer_id).segment(text)


@st.cache_data(show_spinner=False)
def catalogue_names() -> dict[str, str]:
    """Display label per bundled tokenizer id, in catalogue order."""
    return {info.id: info.label for info in tokenlab.list_tokenizers()}
