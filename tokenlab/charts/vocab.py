"""Plotly figures for the vocabulary lab: data in, figure out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from tokenlab.charts.titles import clear_of_toolbar
from tokenlab.charts.titles import title as chart_title
from tokenlab.scaling import tokens_per_char
from tokenlab.vocab.sweep import BPE, SweepResult

_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 400}
_COLOURS = {
    "bytes": "#1f77b4",
    "characters": "#ff7f0e",
    BPE: "#1f77b4",
    "superword BPE": "#2ca02c",
    "paper": "#d62728",
    "bundled": "#ff7f0e",
}


def length_histogram_chart(counts: pl.DataFrame, max_length: int = 32) -> go.Figure:
    """Entries per length in bytes and in characters (`vocab.browser.length_counts`); lengths
    above `max_length` are pooled into the last bar."""
    capped = counts.with_columns(pl.col("length").clip(upper_bound=max_length)).group_by("length").sum().sort("length")
    labels = [f"{n}+" if n == max_length else str(n) for n in capped["length"]]
    figure = go.Figure(
        [
            go.Bar(
                x=labels,
                y=capped[unit].to_list(),
                name=f"length in {unit}",
                marker_color=_COLOURS[unit],
                hovertemplate=f"%{{y:,}} entries of %{{x}} {unit}<extra></extra>",
            )
            for unit in ("bytes", "characters")
        ]
    )
    figure.update_layout(
        title=chart_title("Entry lengths"),
        barmode="group",
        xaxis={"title": "length (bytes or characters)", "type": "category"},
        yaxis={"title": "entries (count)"},
        legend={"orientation": "h", "y": -0.2},
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)


def split_chart(split: pl.DataFrame, column: str, title: str, top: int = 15) -> go.Figure:
    """Horizontal bars of entries per class or script (`vocab.scripts.split_by`), largest on top."""
    shown = split.head(top)
    figure = go.Figure(
        go.Bar(
            x=shown["entries"].to_list()[::-1],
            y=shown[column].to_list()[::-1],
            orientation="h",
            customdata=shown["share"].to_list()[::-1],
            marker_color=_COLOURS["bytes"],
            hovertemplate="%{y}: %{x:,} entries (%{customdata:.1%})<extra></extra>",
        )
    )
    figure.update_layout(title=chart_title(title), xaxis={"title": "entries (count)"}, yaxis={"title": None}, **_LAYOUT)
    return clear_of_toolbar(figure)


def jaccard_heatmap(matrix: pl.DataFrame, names: Sequence[str]) -> go.Figure:
    """Pairwise Jaccard of vocabularies (`vocab.overlap.jaccard_matrix`), shared counts in hover."""
    cell = {(a, b): (j, s) for a, b, j, s in matrix.iter_rows()}
    z = [[cell[a, b][0] for b in names] for a in names]
    shared = [[cell[a, b][1] for b in names] for a in names]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(names),
            y=list(names),
            zmin=0,
            zmax=1,
            colorscale="Blues",
            customdata=shared,
            text=[[f"{value:.2f}" for value in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{y} vs %{x}: Jaccard %{z:.3f}, %{customdata:,} shared entries<extra></extra>",
            colorbar={"title": "Jaccard"},
        )
    )
    figure.update_layout(
        title=chart_title("Vocabulary overlap (Jaccard of decoded entries)"),
        xaxis={"title": None},
        yaxis={"title": None, "autorange": "reversed"},
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)


def upset_chart(combos: Sequence[tuple[tuple[str, ...], int]], names: Sequence[str], top: int = 15) -> go.Figure:
    """UpSet plot: entries in exactly each combination of vocabularies (bars) and which
    vocabularies the combination is (filled dots), for the `top` largest combinations."""
    shown = list(combos[:top])
    columns = [str(i) for i in range(len(shown))]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.03)
    figure.add_trace(
        go.Bar(
            x=columns,
            y=[count for _, count in shown],
            marker_color=_COLOURS["bytes"],
            customdata=[" + ".join(members) for members, _ in shown],
            showlegend=False,
            hovertemplate="only in %{customdata}: %{y:,} entries<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for members, column in zip((m for m, _ in shown), columns, strict=True):
        rows = [name for name in names if name in members]
        figure.add_trace(
            go.Scatter(
                x=[column] * len(rows),
                y=rows,
                mode="lines+markers",
                showlegend=False,
                marker={"size": 10, "color": "#333"},
                line={"color": "#333"},
                hoverinfo="skip",
            ),
            row=2,
            col=1,
        )
    figure.add_trace(
        go.Scatter(
            x=[c for c in columns for _ in names],
            y=[n for _ in columns for n in names],
            mode="markers",
            marker={"size": 10, "color": "#ddd"},
            showlegend=False,
            hoverinfo="skip",
        ),
        row=2,
        col=1,
    )
    figure.data = figure.data[-1:] + figure.data[:-1]  # grey dots below the filled ones
    figure.update_xaxes(showticklabels=False)
    figure.update_yaxes(title_text="entries (count)", row=1, col=1)
    figure.update_yaxes(categoryorder="array", categoryarray=list(names)[::-1], row=2, col=1)
    figure.update_layout(
        title=chart_title("Entries in exactly these vocabularies (UpSet)"), **{**_LAYOUT, "height": 460}
    )
    return clear_of_toolbar(figure)


def coverage_chart(
    coverage: np.ndarray, vocab_size: int, marks: Mapping[str, int], chosen_k: int | None = None
) -> go.Figure:
    """Share of the corpus's tokens covered by the top-k entries, k = 1..distinct, then flat at
    100% up to V; `marks` label -> k (the 99/99.9/100% points)."""
    ks = np.arange(1, len(coverage) + 1)
    figure = go.Figure(
        go.Scatter(
            x=np.append(ks, vocab_size),
            y=np.append(coverage, 1.0) * 100,
            mode="lines",
            name="coverage",
            line={"color": _COLOURS["bytes"], "shape": "hv"},
            hovertemplate="top %{x:,} entries cover %{y:.3f}% of tokens<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=list(marks.values()),
            y=[coverage[k - 1] * 100 for k in marks.values()],
            mode="markers+text",
            text=list(marks),
            textposition="top left",
            name="coverage targets",
            marker={"size": 9, "color": _COLOURS["paper"]},
            hovertemplate="%{text}: k = %{x:,}<extra></extra>",
        )
    )
    if chosen_k:
        figure.add_vline(x=chosen_k, line_dash="dash", line_color="#555", annotation_text=f"kept k = {chosen_k:,}")
    figure.update_layout(
        title=chart_title("Coverage of the corpus by the top-k entries"),
        xaxis={"title": "entries kept, k (most frequent first, log scale)", "type": "log"},
        yaxis={"title": "corpus tokens covered (%)", "range": [0, 101]},
        legend={"orientation": "h", "y": -0.2},
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)


def sweep_chart(result: SweepResult, bundled: Mapping[str, tuple[int, float]]) -> go.Figure:
    """Measured chars/token against V for each trained variant, the paper's 1/f(V), and the
    bundled tokenizers' (V, chars/token) on the same held-out text."""
    figure = go.Figure()
    for variant in dict.fromkeys(point.variant for point in result.points):
        points = [p for p in result.points if p.variant == variant]
        figure.add_trace(
            go.Scatter(
                x=[p.vocab_size for p in points],
                y=[p.chars_per_token for p in points],
                mode="lines+markers",
                name=f"{variant} trained here",
                line={"color": _COLOURS[variant]},
                hovertemplate=f"{variant}: V %{{x:,}}, %{{y:.3f}} chars/token<extra></extra>",
            )
        )
    sizes = [p.vocab_size for p in result.points] + [v for v, _ in bundled.values()]
    grid = np.geomspace(max(256, min(sizes) / 1.5), max(sizes) * 1.5, 80) if sizes else np.geomspace(1e3, 3e5, 80)
    figure.add_trace(
        go.Scatter(
            x=grid,
            y=[1 / tokens_per_char(v) for v in grid],
            mode="lines",
            name="paper 1/f(V) (SlimPajama)",
            line={"color": _COLOURS["paper"], "dash": "dash"},
            hovertemplate="f(V): V %{x:,.0f}, %{y:.3f} chars/token<extra></extra>",
        )
    )
    if bundled:
        labels = list(bundled)
        figure.add_trace(
            go.Scatter(
                x=[bundled[label][0] for label in labels],
                y=[bundled[label][1] for label in labels],
                mode="markers+text",
                text=labels,
                textposition="bottom center",
                textfont={"size": 10},
                name="bundled tokenizers",
                marker={"symbol": "diamond", "size": 9, "color": _COLOURS["bundled"]},
                hovertemplate="%{text}: V %{x:,}, %{y:.3f} chars/token<extra></extra>",
            )
        )
    figure.update_layout(
        title=chart_title("Compression against vocabulary size on your held-out text"),
        xaxis={"title": "vocabulary size V (entries, log scale)", "type": "log", "exponentformat": "SI"},
        yaxis={"title": "characters per token"},
        legend={"orientation": "h", "y": -0.25},
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)
