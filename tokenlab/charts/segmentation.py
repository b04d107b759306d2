"""Plotly figures: data in, figure out. Pages only display them; tests inspect them directly."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from tokenlab.charts.titles import clear_of_toolbar, title
from tokenlab.text.markup import plotly_text
from tokenlab.text.stats import SegmentationStats

_MARGIN = {"l": 10, "r": 10, "t": 50, "b": 10}
MIN_HEIGHT = 320
BAR_PX = 26  # per tokenizer: 24 bars keep 11 px labels apart
CELL_PX = 30  # per heatmap row
#: Above this many tokenizers the Jaccard cells are too small for their numbers (the hover has them).
MAX_CELL_TEXT = 10
LABEL_PX = 5  # room per character of the longest slanted name under the heatmap


def token_count_bars(stats: Sequence[SegmentationStats], names: dict[str, str] | None = None) -> go.Figure:
    """Tokens per tokenizer for one text, fewest first (fewer tokens = cheaper, longer context).
    Ids of a visitor's tokenizer hold its file name, so every label reaches plotly escaped."""
    ordered = sorted(stats, key=lambda s: s.tokens)
    labels = [plotly_text((names or {}).get(s.tokenizer_id, s.tokenizer_id)) for s in ordered]
    figure = go.Figure(
        go.Bar(
            x=[s.tokens for s in ordered],
            y=labels,
            orientation="h",
            text=[f"{s.tokens:,}" for s in ordered],
            textposition="outside",
            cliponaxis=False,
            customdata=[[s.chars_per_token or 0, plotly_text(s.tokenizer_id)] for s in ordered],
            hovertemplate="%{y} (%{customdata[1]}): %{x:,} tokens (%{customdata[0]:.2f} chars/token)<extra></extra>",
        )
    )
    figure.update_layout(
        title=title("Tokens for this text (fewer is cheaper)"),
        xaxis={"title": "tokens", "tickformat": ",", "automargin": True},
        yaxis={"autorange": "reversed", "dtick": 1, "tickfont": {"size": 11}, "automargin": True},
        margin={**_MARGIN, "r": 50},  # room for the count beside the longest bar
        height=max(MIN_HEIGHT, BAR_PX * len(ordered) + 110),
    )
    return clear_of_toolbar(figure)


def boundary_agreement_heatmap(
    tokenizer_ids: Sequence[str], jaccard: Sequence[Sequence[float]], names: dict[str, str] | None = None
) -> go.Figure:
    """Pairwise Jaccard similarity of token boundaries (1 = the two cut the text identically),
    labelled by display name."""
    labels = [plotly_text((names or {}).get(tokenizer_id, tokenizer_id)) for tokenizer_id in tokenizer_ids]
    ids = [plotly_text(tokenizer_id) for tokenizer_id in tokenizer_ids]
    show_text = len(labels) <= MAX_CELL_TEXT
    figure = go.Figure(
        go.Heatmap(
            z=jaccard,
            x=labels,
            y=labels,
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            text=[[f"{value:.2f}" for value in row] for row in jaccard] if show_text else None,
            texttemplate="%{text}" if show_text else None,
            customdata=[[f"{row_id} vs {column_id}" for column_id in ids] for row_id in ids],
            hovertemplate="%{y} vs %{x} (%{customdata}): %{z:.2f} of boundaries shared<extra></extra>",
            colorbar={"title": "Jaccard", "thickness": 12},
            xgap=1,
            ygap=1,
        )
    )
    longest = max(map(len, labels), default=0)
    figure.update_layout(
        title=title("Shared token boundaries (Jaccard)"),
        xaxis={"tickangle": -40, "automargin": True, "tickfont": {"size": 11}, "dtick": 1},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 11}, "dtick": 1},
        margin=_MARGIN,
        height=max(MIN_HEIGHT, CELL_PX * len(labels) + 90 + LABEL_PX * longest),
    )
    return clear_of_toolbar(figure)
