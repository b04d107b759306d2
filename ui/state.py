"""Caching and widget state shared by the pages: tokenizers live once per server, results per input."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

import tokenlab
from tokenlab import settings
from tokenlab.sandbox.client import sandboxed_hub_tokenizer, sandboxed_tokenizer
from tokenlab.tokenizers.hub import hub_tokenizer_id

T = TypeVar("T")

#: Widget keys whose values must survive a visit to another page. Streamlit forgets a widget's
#: value when a run does not draw it; re-assigning the key on every run (from app.py) keeps it.
PERSISTENT_KEYS = ("text", "tokenizers", "reference", "view", "ws", "special", "repeats")


def keep_widget_state() -> None:
    """Carry the explorer's inputs across page switches (call once per run, before any page)."""
    for key in PERSISTENT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def cached_tokenizer(tokenizer_id: str) -> tokenlab.Tokenizer:
    """A bundled tokenizer, shared by every session (the registry keeps the recently used ones
    within its memory budget, so do not hold on to it beyond the current run), or one of this
    session's Hub tokenizers."""
    if (tokenizer := hub_tokenizers().get(tokenizer_id)) is not None:
        return tokenizer
    return tokenlab.load_tokenizer(tokenizer_id)


def hub_tokenizers() -> dict[str, tokenlab.Tokenizer]:
    """The Hugging Face Hub tokenizers this session added, by id, in the order added. Each runs
    in the sandbox worker; the session holds only its description and a byte cache."""
    held: dict[str, tokenlab.Tokenizer] = st.session_state.setdefault("_hub_tokenizers", {})
    return held


def add_hub_tokenizer(repo_id: str, revision: str | None) -> str:
    """Fetch and load a Hub id's tokenizer in the sandbox for this session (at most
    settings.HUB_TOKENIZERS_PER_SESSION); its id. The id is checked before any request."""
    held = hub_tokenizers()
    tokenizer_id = hub_tokenizer_id(repo_id, revision)
    if tokenizer_id not in held:
        if len(held) >= settings.HUB_TOKENIZERS_PER_SESSION:
            raise tokenlab.TokenizerLoadError(
                f"This session already holds {len(held)} Hub tokenizers, the most one visitor may add. "
                "Reload the page to start afresh."
            )
        held[tokenizer_id] = sandboxed_hub_tokenizer(repo_id, revision)
    return tokenizer_id


def tokenizer_names() -> dict[str, str]:
    """Display label per tokenizer a picker offers: the bundled ones, then this session's Hub tokenizers."""
    hub = {tokenizer_id: f"{tokenizer_id.removeprefix('hub:')} (Hugging Face Hub)" for tokenizer_id in hub_tokenizers()}
    return {**catalogue_names(), **hub}


def counted_with(chosen: list[str]) -> list[str | tokenlab.Tokenizer]:
    """What `profile_corpus` counts with: bundled ids as they are, this session's Hub tokenizers
    as tokenizers (the registry does not know them)."""
    hub = hub_tokenizers()
    return [hub.get(tokenizer_id, tokenizer_id) for tokenizer_id in chosen]


def session_memo(slot: str, key: object, compute: Callable[[], T]) -> T:
    """`compute()`'s result for `key`, kept in this session's `slot` until the key changes; a
    TokenlabError is kept too and raised again, so a visitor's bad file is not retried on every rerun."""
    held = st.session_state.get(slot)
    if held is None or held[0] != key:
        try:
            held = (key, compute())
        except tokenlab.TokenlabError as error:
            held = (key, error)
        st.session_state[slot] = held
    if isinstance(held[1], tokenlab.TokenlabError):
        raise held[1]
    result: T = held[1]
    return result


def visitor_tokenizer(upload: UploadedFile) -> tokenlab.Tokenizer:
    """The visitor's tokenizer file, parsed and run in the sandbox worker (never in the server),
    loaded once per session."""

    def load() -> tokenlab.Tokenizer:
        with st.spinner("Loading your tokenizer in a sandbox…"):
            return sandboxed_tokenizer(upload.getvalue(), upload.name)

    return session_memo("_visitor_tokenizer", upload.file_id, load)


def visitor_segmentation(tokenizer: tokenlab.Tokenizer, text: str) -> tokenlab.Segmentation:
    """The visitor's tokenizer on `text`, kept for the session's reruns (the latest text only)."""
    return session_memo("_visitor_segmentation", (tokenizer.id, text), lambda: tokenizer.segment(text))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_segmentation(tokenizer_id: str, text: str) -> tokenlab.Segmentation:
    """A bundled (or Hub) tokenizer's tokens of `text` (under 1 MB each, pickled, at the
    100,000-character limit). A Hub id names the same repository in every session."""
    return cached_tokenizer(tokenizer_id).segment(text)


@st.cache_data(show_spinner=False)
def format_of(tokenizer_id: str) -> tuple[list[str], list[str]]:
    """The special tokens a bundled (or Hub) tokenizer's own format puts before and after a text (BOS, [CLS] ...)."""
    return format_texts(cached_tokenizer(tokenizer_id))


def format_texts(tokenizer: tokenlab.Tokenizer) -> tuple[list[str], list[str]]:
    before, after = tokenizer.format_tokens
    spell = tokenizer.token_bytes
    return [spell(i).decode("utf-8", "replace") for i in before], [spell(i).decode("utf-8", "replace") for i in after]


@st.cache_data(show_spinner=False)
def catalogue_names() -> dict[str, str]:
    """Display label per bundled tokenizer id, in catalogue order."""
    return {info.id: info.label for info in tokenlab.list_tokenizers()}


def static_url(path: str) -> str:
    """The URL of static/`path`, which Streamlit serves at <base URL path>/app/static/
    (`server.enableStaticServing` in .streamlit/config.toml)."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base + '/' if base else ''}app/static/{path}"
