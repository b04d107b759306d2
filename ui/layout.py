"""Styles the whole app shares, for what Streamlit's own layout does not do on a phone."""

from __future__ import annotations

import streamlit as st

#: A multiselect keeps its chosen items on one 40 px line and scrolls the rest out of sight (on a
#: phone, 2 of 6 chosen tokenizers): its chips wrap onto as many lines as they need instead.
#: Streamlit 1.67 draws it as a react-aria ComboBox: a box, then the row holding the chips.
CHOICES_WRAP = """<style>
[data-testid="stMultiSelect"] .react-aria-ComboBox > div {max-height: none; height: auto}
[data-testid="stMultiSelect"] .react-aria-ComboBox > div > div:first-child {flex-wrap: wrap; overflow: visible}
</style>"""


def shared_styles() -> None:
    """Put the app-wide styles on the page (once per run, from app.py)."""
    st.html(CHOICES_WRAP)
