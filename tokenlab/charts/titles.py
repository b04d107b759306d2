"""Chart titles that stay clear of plotly's toolbar and fit a phone.

Plotly draws its toolbar (the modebar: zoom, pan, download...) over the top right corner of a
figure, 26 px tall from 2 px below the top, when the pointer is over the chart or a finger has
tapped it; a title at the top of the figure runs under it (on a 390 px phone, every title
does). Every figure's title is set with `title()`, which wraps its lines to what a phone's
chart, about 358 px wide, holds at a 16-17 px title font:

    title("Characters per token (higher is cheaper), by domain and tokenizer")["text"]
    -> "Characters per token (higher is cheaper), by<br>domain and tokenizer"

and each builder returns `clear_of_toolbar(figure)`, which hangs the title below a band the
toolbar's height and gives the top margin room for all its lines. The room is set, not left to
plotly's `automargin`: a title of several lines in a margin too small for it is drawn shifted
up, its first lines above the figure and under the toolbar.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

#: The toolbar's 26 px from 2 px below the top, and room to spare.
TOOLBAR_BAND_PX = 34
#: Plotly draws a title of several lines about 15 px higher than its anchor says.
MULTILINE_SHIFT_PX = 16
#: One title line, and the gap between the title and the plot (or a legend above it).
LINE_PX = 22
GAP_PX = 10
#: The top margin the builders set for a one-line title; beyond it is their own room (a legend).
ONE_LINE_MARGIN_PX = 60
#: Characters per line: about 7 px each at plotly's 17 px title font, on a 358 px wide chart.
TITLE_LINE_CHARS = 44
#: A subtitle (`<sup>`) is set smaller, so more of it fits on a line.
SUBTITLE_LINE_CHARS = 60


def wrap_title(text: str) -> str:
    """`text`'s lines (plotly's `<br>`) wrapped at spaces, a `<sup>` subtitle line inside its tags."""
    lines: list[str] = []
    for line in text.split("<br>"):
        if line.startswith("<sup>") and line.endswith("</sup>"):
            inner = textwrap.wrap(line[5:-6], SUBTITLE_LINE_CHARS, break_long_words=False, break_on_hyphens=False)
            lines.extend(f"<sup>{part}</sup>" for part in inner or [""])
        else:
            lines.extend(textwrap.wrap(line, TITLE_LINE_CHARS, break_long_words=False, break_on_hyphens=False) or [""])
    return "<br>".join(lines)


def title(text: str) -> dict[str, object]:
    """A figure's `layout.title`: `text` wrapped, hanging from the top of the figure."""
    return {"text": wrap_title(text), "automargin": True, "yref": "container", "y": 1, "yanchor": "top"}


def clear_of_toolbar(figure: go.Figure) -> go.Figure:
    """`figure` with its title below the toolbar's band and a top margin that holds every line
    of it (plus whatever the builder's margin kept beyond one line's room, for a legend above
    the plot)."""
    lines = (figure.layout.title.text or "").count("<br>") + 1
    pad = TOOLBAR_BAND_PX + (MULTILINE_SHIFT_PX if lines > 1 else 0)
    own = max(0, (figure.layout.margin.t or 0) - ONE_LINE_MARGIN_PX)
    figure.update_layout(title_pad_t=pad, margin_t=pad + LINE_PX * lines + GAP_PX + own)
    return figure
