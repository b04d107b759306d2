"""Plotly figures for the Corpus efficiency page (a `budget` frame in, a figure out)."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from tokenlab.budget import PAGE_CHARS

_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "height": 480, "barmode": "group",
           "legend": {"title": {"text": "tokenizer"}, "orientation": "h", "yanchor": "top", "y": -0.3}}
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
}  # fmt: skip


def grouped_bars(table: pl.DataFrame, measure: str, names: Mapping[str, str] | None = None,
                 category: str = "domain") -> go.Figure:
    """`measure` per `category` (x) with one bar per tokenizer."""
    title, axis, fmt = MEASURES[measure]
    figure = go.Figure()
    for (tokenizer,), part in table.group_by("tokenizer", maintain_order=True):
        label = (names or {}).get(tokenizer, tokenizer)
        figure.add_bar(x=part.get_column(category).to_list(), y=part.get_column(measure).to_list(), name=label,
                       hovertemplate=f"%{{x}} · {label}: %{{y:{fmt}}} {axis}<extra></extra>")
    figure.update_layout(title=title, xaxis_title=category, yaxis_title=axis, **_LAYOUT)
    return figure
