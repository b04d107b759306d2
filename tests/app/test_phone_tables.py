"""ui.tables.phone_first: a table's main columns first, at widths that fit a phone together."""

from __future__ import annotations

import pytest
import streamlit as st

from ui.tables import LABEL_PX, PHONE_TABLE_PX, VALUE_PX, phone_first


def test_main_columns_go_first_sized_and_the_label_pinned_keeping_each_columns_config() -> None:
    order, config = phone_first(
        ["domain", "tokenizer", "documents", "chars_per_token"],
        ("tokenizer", "chars_per_token"),
        {"chars_per_token": st.column_config.NumberColumn("chars/token", format="%.2f"), "documents": "docs"},
    )
    assert order == ["tokenizer", "chars_per_token", "domain", "documents"]
    assert config["tokenizer"] == {"width": LABEL_PX, "pinned": True}
    chars = config["chars_per_token"]
    assert isinstance(chars, dict)
    assert (chars["label"], chars["type_config"]["format"], chars["width"], chars["pinned"]) == (
        "chars/token",
        "%.2f",
        VALUE_PX,
        False,
    )
    assert config["documents"] == "docs"  # not a main column: left as it was


def test_more_main_columns_than_a_phone_shows_are_refused() -> None:
    assert LABEL_PX + 2 * VALUE_PX <= PHONE_TABLE_PX < LABEL_PX + 3 * VALUE_PX
    with pytest.raises(ValueError, match="do not fit a 356 px phone"):
        phone_first(["a", "b", "c", "d"], ("a", "b", "c", "d"))
    assert phone_first(["rank", "x", "y"], ("rank", "x", "y"), label_px=50, value_px=150)[0] == ["rank", "x", "y"]
