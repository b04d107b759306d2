"""tokenlab home: paste text, pick a tokenizer, see its tokens. Run: streamlit run app.py"""

from __future__ import annotations

import streamlit as st

import tokenlab
from tokenlab import settings
from tokenlab.render import segmentation_html

SAMPLE = "Hello world! Bonjour le monde. 你好，世界。 नमस्ते दुनिया 👋🏽 def f(x): return x**2"

st.set_page_config(page_title="tokenlab", page_icon=":material/token:", layout="wide")


@st.cache_resource(show_spinner="Loading tokenizer…")
def cached_tokenizer(tokenizer_id: str) -> tokenlab.Tokenizer:
    return tokenlab.load_tokenizer(tokenizer_id)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_segmentation(tokenizer_id: str, text: str) -> tokenlab.Segmentation:
    return cached_tokenizer(tokenizer_id).segment(text)


catalogue = tokenlab.list_tokenizers()
names = {info.id: f"{info.name} · {info.id}" for info in catalogue}

st.title("tokenlab")
st.caption("How real LLM tokenizers cut your text: token by token, offline, byte-exact.")

text = st.text_area("Text", SAMPLE, height=120, max_chars=settings.MAX_TEXT_CHARS, key="text")
tokenizer_id = st.selectbox(
    "Tokenizer", list(names), index=list(names).index("o200k_base"), format_func=names.get, key="tokenizer"
)

try:
    segmentation = cached_segmentation(tokenizer_id, text)
except tokenlab.TokenlabError as error:
    st.error(str(error))
    st.stop()

n_chars, n_bytes = len(text), len(text.encode("utf-8"))
tokens, chars, raw, ratio = st.columns(4)
tokens.metric("Tokens", f"{len(segmentation):,}")
chars.metric("Characters", f"{n_chars:,}")
raw.metric("Bytes (UTF-8)", f"{n_bytes:,}")
ratio.metric("Characters per token", f"{n_chars / len(segmentation):.2f}" if len(segmentation) else "–")
st.caption("Counts are of the text alone: no BOS/EOS or other special tokens are added.")

st.html(segmentation_html(segmentation))

st.subheader("Bundled tokenizers")
st.dataframe([info.summary() for info in catalogue], hide_index=True, width="stretch")
