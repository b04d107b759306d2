"""Adding a Hugging Face Hub tokenizer to a page's tokenizer picker, for the rest of the session.

A page draws its picker with `tokenizer_options(key)` as the options and `hub_adder(key)`
beside it. A tokenizer added is offered by every picker of the session and selected in the one
it was added from: the picker has already been drawn by then, so the choice is handed over
in the session state and applied on the rerun, before the picker is drawn again.
"""

from __future__ import annotations

import streamlit as st

import tokenlab
from tokenlab.text.markup import markdown_text
from ui.state import add_hub_tokenizer, tokenizer_names

#: Longest input taken: a Hub id is at most 96 + 1 + 96 characters.
MAX_ID_CHARS = 200
MAX_REVISION_CHARS = 100


def tokenizer_options(*keys: str) -> dict[str, str]:
    """Label per tokenizer the pickers `keys` offer (bundled, then this session's Hub
    tokenizers); one just added from one of them becomes selected there."""
    names = tokenizer_names()
    for key in keys:
        added = st.session_state.pop(f"_hub_added_{key}", None)
        if added not in names:
            continue
        chosen = st.session_state.get(key)
        if isinstance(chosen, list):
            st.session_state[key] = chosen if added in chosen else [*chosen, added]
        else:
            st.session_state[key] = added
    return names


def hub_adder(key: str) -> None:
    """An expander that fetches a Hub id's tokenizer (in the sandbox worker) and selects it in
    the picker `key`; a failure is one line, and the rest of the page carries on."""
    with st.expander("Add a tokenizer from the Hugging Face Hub"):
        id_col, revision_col, add_col = st.columns([3, 2, 1], vertical_alignment="bottom")
        repo_id = id_col.text_input(
            "Model id on the Hugging Face Hub",
            placeholder="Qwen/Qwen3-0.6B",
            max_chars=MAX_ID_CHARS,
            key=f"{key}_hub_id",
        )
        revision = revision_col.text_input(
            "Revision (optional)", placeholder="main", max_chars=MAX_REVISION_CHARS, key=f"{key}_hub_revision"
        )
        add = add_col.button("Add", key=f"{key}_hub_add")
        st.caption(
            "Public repositories with a tokenizer.json (or one transformers can build without running the "
            "repository's code). Loaded in a sandbox and kept for this session, on every page; not part of shared "
            "links."
        )
        if not add:
            return
        try:
            with st.spinner(f"Fetching {markdown_text(repo_id.strip())} from the Hugging Face Hub…"):
                tokenizer_id = add_hub_tokenizer(repo_id.strip(), revision.strip() or None)
        except tokenlab.TokenlabError as error:
            st.error(markdown_text(str(error)))
            return
    st.session_state[f"_hub_added_{key}"] = tokenizer_id
    st.rerun()
