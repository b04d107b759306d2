"""Links that carry a page's view: texts too long for a URL kept on the server, and the "Copy link" box."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

import streamlit as st

import tokenlab
from tokenlab.engine import store as profile_store
from tokenlab.text.markup import markdown_text
from tokenlab.text.share import MISSING_TEXT, TEXT_KEY_PARAM, text_params, text_travel_note
from ui.state import hub_tokenizers

#: Texts this session has kept on the server, by key: each is written once, not on every rerun.
KEPT = "_kept_texts"
UPLOADS = "An uploaded file or tokenizer cannot travel in a link: the receiver uploads their own."
HUB = "Hugging Face Hub tokenizers you added stay out of it: they are this session's own."


def linked_text(text: str, what: str = "Your text") -> tuple[dict[str, str], str]:
    """The query parameters that carry `text` (text/share.py's `text_params`), kept on the
    server when the link carries its key, and the sentence saying so for the Copy link box."""
    params = text_params(text)
    key = params.get(TEXT_KEY_PARAM)
    kept: set[str] = st.session_state.setdefault(KEPT, set())
    if key is not None and key not in kept:
        try:
            profile_store.default_store().share_text(text)
        except tokenlab.TokenlabError:
            return {}, (
                f"{what} ({len(text):,} characters) could not be kept on this server (its cache cannot be "
                "written), so it stays out of the link."
            )
        kept.add(key)
    return params, text_travel_note(text, what)


def text_from_link(key: str) -> tuple[str | None, str | None]:
    """The text a link's `text_key` names, or None and what to tell the visitor (the page then
    shows its default). The page shares the text again (`linked_text`), so opening a link
    restarts its text's time on the server."""
    try:
        text = profile_store.default_store().shared_text(key)
    except tokenlab.TokenlabError as error:
        return None, f"This link's text could not be read on this server: {error}"
    return text, None if text is not None else MISSING_TEXT


def copy_link(travels: str, notes: Sequence[str] = ()) -> None:
    """The "Copy link" box: the page's full URL (with a copy button) and exactly what the link
    carries (`travels`) and what it does not (`notes`; that this session's Hub tokenizers stay
    out is added when it has some). Call it after the page has written its query parameters."""
    query = urllib.parse.urlencode(st.query_params.to_dict())
    url = (st.context.url or "") + (f"?{query}" if query else "")
    with st.expander("Copy link", icon=":material/link:"):
        st.code(url, language=None, wrap_lines=True)
        notes = [f"The link carries {travels}.", *notes, *([HUB] if hub_tokenizers() else [])]
        st.markdown("\n".join(f"- {markdown_text(note)}" for note in notes))
