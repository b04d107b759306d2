"""Plotly figures: data in, figure out. Pages only display them; tests inspect them directly."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from tokenlab.metrics import SegmentationStats

_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 320}


def token_count_bars(stats: Sequence[SegmentationStats], names: dict[str, str] | None = None) -> go.Figure:
    """Tokens per tokenizer for one text, fewest first (fewer tokens = cheaper, longer context)."""
    ordered = sorted(stats, key=lambda s: s.tokens)
    labels = [(names or {}).get(s.tokenizer_id, s.tokenizer_id) for s in ordered]
    figure = go.Figure(
        go.Bar(
            x=[s.tokens for s in ordered],
            y=labels,
            orientation="h",
            text=[f"{s.tokens:,}" for s in ordered],
            textposition="auto",
            customdata=[[s.chars_per_token or 0] for s in ordered],
            hovertemplate="%{y}: %{x:,} tokens (%{customdata[0]:.2f} chars/token)<extra></extra>",
        )
    )
    figure.update_layout(
        title="Tokens for this text (fewer is cheaper)",
        xaxis_title="tokens",
        yaxis={"autorange": "reversed"},
        **_LAYOUT,
    )
    return figure


def boundary_agreement_heatmap(tokenizer_ids: Sequence[str], jaccard: Sequence[Sequence[float]]) -> go.Figure:
    """Pairwise Jaccard similarity of token boundaries (1 = the two cut the text identically)."""
    figure = go.Figure(
        go.Heatmap(
            z=jaccard,
            x=list(tokenizer_ids),
            y=list(tokenizer_ids),
            zmin=0,
            zmax=1,
            colorscale="Viridis",
            text=[[f"{value:.2f}" for value in row] for row in jaccard],
            texttemplate="%{text}",
            hovertemplate="%{y} vs %{x}: %{z:.2f} of boundaries shared<extra></extra>",
            colorbar={"title": "Jaccard"},
        )
    )
    figure.update_layout(title="Shared token boundaries (Jaccard)", yaxis={"autorange": "reversed"}, **_LAYOUT)
    return figure
