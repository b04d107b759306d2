"""The catalogue: every bundled tokenizer, where it comes from, and its licence."""

import streamlit as st

import tokenlab
from ui.links import copy_link
from ui.tables import phone_first

#: st.dataframe's row height in pixels: the grid is made tall enough to show every row.
ROW_PX = 35

rows = [
    {
        **info.summary(),
        "normalizer": info.normalizer or "none",
        "source": "; ".join(info.source),
        "notes": info.notes,
    }
    for info in tokenlab.list_tokenizers()
]
st.title("Bundled tokenizers")
st.caption(
    "Every tokenizer ships with tokenlab (data/tokenizers), built from pinned registry packages; "
    "nothing is downloaded at run time. Licences and notices: data/NOTICE. Command-R's tokenizer is "
    "CC-BY-NC-4.0: non-commercial use only."
)
order, columns = phone_first(
    list(rows[0]),
    ("name", "vocab_size", "algorithm"),
    {"vocab_size": st.column_config.NumberColumn("vocab size", format="localized")},
)
st.dataframe(
    rows,
    hide_index=True,
    width="stretch",
    height=(len(rows) + 1) * ROW_PX + 3,
    column_order=order,
    column_config=columns,
)
copy_link("the catalogue, which is the same for every visitor: this page has no choices to carry")
