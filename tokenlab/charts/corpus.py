"""Plotly figures for the Corpus efficiency page (a `budget` frame in, a figure out)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from tokenlab.charts.titles import clear_of_toolbar
from tokenlab.charts.titles import title as chart_title
from tokenlab.settings import MIN_COVERAGE, PAGE_CHARS
from tokenlab.text.markup import plotly_text

HATCH = "/"
#: The legend sits above the bars, where its rows push the plot down (automargin) instead of
#: covering the category labels; the labels below are slanted and get the margin they need.
_LAYOUT = {
    "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
    "barmode": "group",
    "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
}
HEIGHT = 480
LEGEND_ROW_PX = 9  # per tokenizer: the legend's rows above the bars
#: column -> (title, axis label with unit, hover format)
MEASURES = {
    "chars_per_token": ("Characters per token (higher is cheaper)", "characters / token", ".2f"),
    "tokens_per_1k_chars": ("Tokens per 1k characters (lower is cheaper)", "tokens / 1,000 characters", ".0f"),
    "utilisation": ("Vocabulary utilisation by domain", "distinct tokens used / vocabulary size", ".3f"),
    "renyi_efficiency": ("Rényi efficiency (α = 2.5) by domain", "H₂.₅(p) / log |V|", ".3f"),
    "pages": (f"Pages that fit in the budget (1 page = {PAGE_CHARS:,} characters)", "pages", ",.1f"),
}
CAPTIONS = {
    "chars_per_token": "Characters per token = characters / tokens of each whole corpus (Goldman et al. 2024).",
    "tokens_per_1k_chars": "Tokens per 1,000 characters = 1000 × tokens / characters: what 1k characters cost.",
    "utilisation": "Share of the vocabulary the corpus uses at least once; small corpora use little of any vocabulary.",
    "renyi_efficiency": "Rényi entropy (α = 2.5) of the token distribution / log of the vocabulary size, in [0, 1] "
    "(Zouhar et al. 2023).",
    "pages": f"Budget × characters per token ÷ {PAGE_CHARS:,} characters per page, at each domain's own rate.",
    "coverage": f"Coverage = share of characters that reach the model (not an unknown token, not dropped by the "
    f"normalizer); hatched bars (⚠) are below {MIN_COVERAGE:.0%}: their tokens per character understate the cost.",
}


def grouped_bars(
    table: pl.DataFrame,
    measure: str,
    names: Mapping[str, str] | None = None,
    category: str = "domain",
    axis_title: str | None = None,
) -> go.Figure:
    """`measure` per `category` (x, titled `axis_title` or the column's name) with one bar per tokenizer.

    Bars of rows whose coverage is flagged (a `coverage`/`flagged` pair of columns) are hatched,
    say ⚠ and their coverage in the hover, and a legend entry explains the hatching.
    Categories and tokenizer ids can come from a visitor's file (group names, a results file's
    ids), so they reach plotly escaped, and the hover template holds none of them.
    """
    heading, axis, fmt = MEASURES[measure]
    figure = go.Figure()
    marked = "flagged" in table.columns and bool(table.get_column("flagged").fill_null(False).any())
    for (tokenizer,), part in table.group_by("tokenizer", maintain_order=True):
        label = plotly_text(str((names or {}).get(tokenizer, tokenizer)))
        flagged = part.get_column("flagged").fill_null(False).to_list() if "flagged" in part.columns else []
        covered = part.get_column("coverage").to_list() if "coverage" in part.columns else [None] * part.height
        notes = [
            f"<br>⚠ coverage {100 * c:.1f}% (below {100 * MIN_COVERAGE:.0f}%): the model does not see the rest"
            if f and c is not None
            else ""
            if c is None
            else f"<br>coverage {100 * c:.1f}%"
            for f, c in zip(flagged or [False] * part.height, covered, strict=True)
        ]
        figure.add_bar(
            x=[None if value is None else plotly_text(str(value)) for value in part.get_column(category)],
            y=part.get_column(measure).to_list(),
            name=label,
            marker={"pattern": {"shape": [HATCH if f else "" for f in flagged]}} if marked else None,
            customdata=[[label, note] for note in notes],
            hovertemplate=f"%{{x}} · %{{customdata[0]}}: %{{y:{fmt}}} {axis}%{{customdata[1]}}<extra></extra>",
        )
    if marked:
        figure.add_bar(
            x=[None],
            y=[None],
            name=f"⚠ hatched: coverage below {MIN_COVERAGE:.0%}",
            marker={"color": "#ffffff", "line": {"color": "#555", "width": 1}, "pattern": {"shape": HATCH}},
            hoverinfo="skip",
        )
    tokenizers = table.get_column("tokenizer").n_unique()
    figure.update_layout(
        title=chart_title(heading),
        xaxis={"title": axis_title or category, "automargin": True, "tickangle": -30},
        yaxis={"title": axis, "automargin": True},
        height=HEIGHT + LEGEND_ROW_PX * tokenizers,
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)
