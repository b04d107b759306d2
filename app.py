"""tokenlab: the frame and router of the app. Run: streamlit run app.py"""

import streamlit as st

from tokenlab.memory import return_large_blocks_on_free
from ui.state import keep_widget_state

return_large_blocks_on_free()  # one mallopt call per run; in place before any corpus is counted
st.set_page_config(page_title="tokenlab", page_icon="🧩", layout="wide")

pages = [
    st.Page("pages/segment.py", title="Segmentation", icon=":material/text_select_start:", default=True),
    st.Page("pages/tokenizers.py", title="Tokenizers", icon=":material/list:", url_path="tokenizers"),
    st.Page("pages/vocab_scaling.py", title="Vocabulary size", icon=":material/stacked_line_chart:", url_path="vocab-scaling"),
    st.Page("pages/vocab_lab.py", title="Vocabulary lab", icon=":material/science:", url_path="vocab-lab"),
    st.Page("pages/languages.py", title="Languages", icon=":material/translate:", url_path="languages"),
    st.Page("pages/corpus_efficiency.py", title="Corpus efficiency", icon=":material/bar_chart:", url_path="corpus-efficiency"),
]
keep_widget_state()
st.sidebar.caption("tokenlab · real tokenizers, bundled and offline · ids byte-exact with each model's own library")
st.navigation(pages).run()
