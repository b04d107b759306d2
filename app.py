"""tokenlab: the frame and router of the app. Run: streamlit run app.py"""

import importlib

import streamlit as st

import tokenlab
from tokenlab.memory import return_large_blocks_on_free
from tokenlab.text.markup import markdown_text
from ui.layout import shared_styles
from ui.state import keep_widget_state

#: Libraries that pages, charts and tables would otherwise import lazily, each in its own
#: session's thread: the first sessions on a fresh server would import them at the same time,
#: and one saw "partially initialized module 'pandas'". Imported at the top of every run, in
#: this order, a session finds each whole or waits for the one importing it.
HEAVY_LIBRARIES = (
    "numpy",
    "pyarrow",
    "pyarrow.parquet",
    "pandas",
    "polars",
    "duckdb",
    "plotly.graph_objects",
    "plotly.io",
)
for library in HEAVY_LIBRARIES:
    importlib.import_module(library)

return_large_blocks_on_free()  # one mallopt call per run; in place before any corpus is counted
st.set_page_config(page_title="tokenlab", page_icon="🧩", layout="wide")

# A page opened at its own path (/languages) logs two 404s in the browser console first:
# Streamlit's frontend probes /languages/_stcore/health and /languages/_stcore/host-config before
# finding the server at /. That is Streamlit's own (streamlit/streamlit#7074), not this config:
# nothing here sets a base path, and every page then loads normally.
pages = [
    st.Page("pages/segment.py", title="Segmentation", icon=":material/text_select_start:", default=True),
    st.Page("pages/tokenizers.py", title="Tokenizers", icon=":material/list:", url_path="tokenizers"),
    st.Page(
        "pages/vocab_scaling.py",
        title="Vocabulary size",
        icon=":material/stacked_line_chart:",
        url_path="vocab-scaling",
    ),
    st.Page("pages/vocab_lab.py", title="Vocabulary lab", icon=":material/science:", url_path="vocab-lab"),
    st.Page("pages/languages.py", title="Languages", icon=":material/translate:", url_path="languages"),
    st.Page(
        "pages/corpus_efficiency.py",
        title="Corpus efficiency",
        icon=":material/bar_chart:",
        url_path="corpus-efficiency",
    ),
    st.Page("pages/decode_chat.py", title="Decode & chat", icon=":material/forum:", url_path="decode-chat"),
]
keep_widget_state()
shared_styles()
st.sidebar.caption("tokenlab · real tokenizers, bundled and offline · ids byte-exact with each model's own library")
try:
    st.navigation(pages).run()
except tokenlab.TokenlabError as error:  # the boundary of every page: a message, never a traceback
    st.error(markdown_text(str(error)))
