"""What the app's pages share (caching, widget state, profiling with a progress bar).

Kept out of pages/ so that only real pages live there: Streamlit lists every file of
pages/ as a page until st.navigation takes over.
"""
