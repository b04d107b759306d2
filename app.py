"""tokenlab: the frame and router of the app. Run: streamlit run app.py"""

import streamlit as st

st.set_page_config(page_title="tokenlab", page_icon="🧩", layout="wide")

pages = [
    st.Page("pages/segment.py", title="Segmentation", icon=":material/text_select_start:", default=True),
    st.Page("pages/tokenizers.py", title="Tokenizers", icon=":material/list:", url_path="tokenizers"),
]
st.sidebar.caption("tokenlab · real tokenizers, bundled and offline · ids byte-exact with each model's own library")
st.navigation(pages).run()
