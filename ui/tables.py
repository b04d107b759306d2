"""Tables that read on a phone: their main columns first, sized to fit 390 px together.

A phone shows about 356 px of a table; Streamlit gives each column the width of its header or
its widest value, so a table's fourth column, or its second, can start beyond the screen.
`phone_first` puts a table's label column (pinned: it stays while the rest scrolls) and its main
value columns first, at widths that fit the phone together; the others follow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from streamlit.elements.lib.column_types import ColumnConfig

#: What a 390 px phone shows of a table (16 px page margins, a 1 px border each side).
PHONE_TABLE_PX = 356
LABEL_PX = 170
VALUE_PX = 90


def phone_first(
    columns: Sequence[str],
    main: Sequence[str],
    config: Mapping[str, ColumnConfig | str] | None = None,
    *,
    label_px: int = LABEL_PX,
    value_px: int = VALUE_PX,
) -> tuple[list[str], dict[str, ColumnConfig | str]]:
    """`st.dataframe`'s `column_order` and `column_config` for a table of `columns`: `main`
    (a label column `label_px` wide, then value columns `value_px` wide, as many as fit a
    phone) first, the label pinned; `config` (a column's label or `st.column_config` entry)
    kept for every column."""
    if label_px + value_px * (len(main) - 1) > PHONE_TABLE_PX:
        raise ValueError(f"{len(main)} columns of {label_px} and {value_px} px do not fit a {PHONE_TABLE_PX} px phone.")
    merged: dict[str, ColumnConfig | str] = dict(config or {})
    for index, column in enumerate(main):
        entry = merged.get(column)
        sized = ColumnConfig(label=entry) if isinstance(entry, str) else ColumnConfig(**(entry or {}))
        sized["width"] = value_px if index else label_px
        sized["pinned"] = index == 0
        merged[column] = sized
    return [*main, *(c for c in columns if c not in main)], merged
