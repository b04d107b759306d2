"""The catalogue: every bundled tokenizer, where it comes from, and its licence."""

import streamlit as st

import tokenlab

st.title("Bundled tokenizers")
st.caption(
    "Every tokenizer ships with tokenlab (data/tokenizers), built from pinned registry packages; "
    "nothing is downloaded at run time. Licences and notices: data/NOTICE."
)
st.dataframe(
    [
        {**info.summary(), "normalizer": info.normalizer or "none", "source": "; ".join(info.source), "notes": info.notes}
        for info in tokenlab.list_tokenizers()
    ],
    hide_index=True,
    width="stretch",
    column_config={"vocab_size": st.column_config.NumberColumn("vocab size", format="localized")},
)
