"""Plotly figures of per-language metrics (a `fairness.language_table` frame in, a figure out).

Every figure has a title, axis labels with units, and hover text that names the language,
its script and the value. The caption to show under each one is `metric_caption(metric)`.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go
import polars as pl

from tokenlab.fairness import LANGUAGE_METRICS, LanguageMetric, language_order

ROW_PX = 18  # height per language row, so that every label stays readable
MIN_HEIGHT = 360
#: Worse is warmer: the same colours for every metric, reversed when higher is better.
WORSE_IS_RED = "YlOrRd"
_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}


def metric_caption(metric: str, reference: str = "eng") -> str:
    """One line under a figure: what the metric means, and where the numbers come from."""
    spec = LANGUAGE_METRICS[metric]
    meaning = spec.meaning.replace("the reference language", f"the reference language ({reference})")
    return (f"{spec.label} ({spec.unit}): {meaning}. Source: the Universal Declaration of Human Rights, "
            "articles 1-30 (unicode.org/udhr), counted by tokenlab.")


def _labels(table: pl.DataFrame) -> dict[str, str]:
    return {g: f"{n} ({s})" for g, n, s in table.select("group", "name", "script_name").unique("group").iter_rows()}


def _names(table: pl.DataFrame, names: Mapping[str, str] | None) -> list[str]:
    ids = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    return [(names or {}).get(t, t) for t in ids]


def language_heatmap(table: pl.DataFrame, metric: str, names: Mapping[str, str] | None = None) -> go.Figure:
    """Languages (rows, worst served on top) x tokenizers (columns), coloured by the metric."""
    spec: LanguageMetric = LANGUAGE_METRICS[metric]
    order = language_order(table, spec.higher_is_worse)
    tokenizers = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    wide = table.pivot(on="tokenizer", index="group", values="value")
    wide = pl.DataFrame({"group": order}).join(wide, on="group", how="left", maintain_order="left")
    z = [wide.get_column(t).to_list() for t in tokenizers]
    z = [list(row) for row in zip(*z)]  # rows = languages
    labels = _labels(table)
    y = [labels[g] for g in order]
    figure = go.Figure(go.Heatmap(
        z=z, x=_names(table, names), y=y, colorscale=WORSE_IS_RED, reversescale=not spec.higher_is_worse,
        texttemplate="%{z:.2f}" if len(order) <= 120 else None, textfont={"size": 10},
        hovertemplate="%{y}<br>%{x}<br>" + spec.label + ": %{z:.3f} " + spec.unit + "<extra></extra>",
        colorbar={"title": {"text": spec.unit, "side": "right"}}, xgap=1, ygap=1,
    ))  # fmt: skip
    figure.update_layout(
        title=f"{spec.label} by language and tokenizer (worst served on top)",
        xaxis={"title": "tokenizer", "side": "top", "tickangle": -30},
        yaxis={"title": f"language (script) · {len(order)} languages", "autorange": "reversed", "dtick": 1,
               "tickfont": {"size": 11}},
        height=max(MIN_HEIGHT, ROW_PX * len(order) + 160), margin={**_MARGIN, "t": 120},
    )  # fmt: skip
    return figure


def ranked_bars(table: pl.DataFrame, tokenizer: str, metric: str, name: str | None = None) -> go.Figure:
    """Every language's value for one tokenizer, worst served on top, coloured by script."""
    spec = LANGUAGE_METRICS[metric]
    rows = table.filter(pl.col("tokenizer") == tokenizer, pl.col("value").is_not_null()).sort(
        "value", descending=spec.higher_is_worse)
    figure = go.Figure()
    for (script_name,), part in rows.group_by("script_name", maintain_order=True):
        figure.add_bar(
            x=part.get_column("value").to_list(), y=part.get_column("name").to_list(), orientation="h",
            name=script_name, customdata=part.select("script_name").to_numpy(),
            hovertemplate="%{y} (%{customdata[0]})<br>" + spec.label + ": %{x:.3f} " + spec.unit + "<extra></extra>",
        )  # fmt: skip
    figure.update_layout(
        title=f"{spec.label} per language · {name or tokenizer}",
        xaxis={"title": f"{spec.label} ({spec.unit})"},
        yaxis={"title": "language", "categoryorder": "array", "categoryarray": rows.get_column("name").to_list(),
               "autorange": "reversed", "dtick": 1, "tickfont": {"size": 11}},
        legend={"title": {"text": "script"}}, barmode="overlay",
        height=max(MIN_HEIGHT, ROW_PX * rows.height + 120), margin=_MARGIN,
    )  # fmt: skip
    return figure


def language_map(table: pl.DataFrame, tokenizer: str, metric: str, name: str | None = None) -> go.Figure:
    """One marker per language at its UDHR coordinates, coloured by the metric for one tokenizer.

    No country outlines are drawn: plotly fetches them from cdn.plot.ly, and tokenlab works
    offline; the graticule and the markers themselves show where each language is spoken.
    """
    spec = LANGUAGE_METRICS[metric]
    rows = table.filter(pl.col("tokenizer") == tokenizer, pl.col("latitude").is_not_null(),
                        pl.col("value").is_not_null())
    figure = go.Figure(go.Scattergeo(
        lat=rows.get_column("latitude").to_list(), lon=rows.get_column("longitude").to_list(),
        text=rows.get_column("name").to_list(), customdata=rows.select("script_name", "value").to_numpy(),
        mode="markers",
        marker={"size": 9, "color": rows.get_column("value").to_list(), "colorscale": WORSE_IS_RED,
                "reversescale": not spec.higher_is_worse, "line": {"width": 0.5, "color": "#444"},
                "colorbar": {"title": {"text": spec.unit, "side": "right"}}},
        hovertemplate="%{text}<br>script: %{customdata[0]}<br>" + spec.label + ": %{customdata[1]:.3f} "
                      + spec.unit + "<extra></extra>",
    ))  # fmt: skip
    # Only the frame and the graticule: any other base layer makes plotly.js fetch a topojson file.
    figure.update_geos(
        projection_type="natural earth", showland=False, showcoastlines=False, showcountries=False,
        showocean=False, showlakes=False, showrivers=False, showframe=True, bgcolor="#eef3f8",
        lataxis={"showgrid": True, "gridcolor": "#c9d3de", "dtick": 30},
        lonaxis={"showgrid": True, "gridcolor": "#c9d3de", "dtick": 30},
    )  # fmt: skip
    figure.update_layout(title=f"{spec.label} around the world · {name or tokenizer} ({rows.height} languages; "
                               "longitude / latitude in degrees)", height=460, margin=_MARGIN)
    return figure


def comparison_bars(comparison: pl.DataFrame, a: str, b: str, top: int = 15) -> go.Figure:
    """Languages that got most cheaper and most dearer going from tokenizer A to B (B / A tokens)."""
    cheaper = comparison.head(top)
    dearer = comparison.tail(top) if comparison.height > top else comparison.clear()
    shown = pl.concat([cheaper, dearer]).unique("group", maintain_order=True).sort("ratio")
    colours = ["#2a9d8f" if v == "cheaper" else "#e76f51" if v == "dearer" else "#999"
               for v in shown.get_column("verdict")]
    figure = go.Figure(go.Bar(
        x=shown.get_column("ratio").to_list(), y=shown.get_column("name").to_list(), orientation="h",
        marker_color=colours, customdata=shown.select("tokens_a", "tokens_b").to_numpy(),
        hovertemplate="%{y}: %{x:.2f}× (%{customdata[0]:,} → %{customdata[1]:,} tokens)<extra></extra>",
    ))  # fmt: skip
    figure.add_vline(x=1, line_dash="dot", line_color="#555")
    figure.update_layout(
        title=f"Going from {a} to {b}: tokens for the same text (left of 1 = cheaper)",
        xaxis={"title": f"tokens with {b} / tokens with {a} (×)", "type": "log"},
        yaxis={"title": "language", "autorange": "reversed", "dtick": 1},
        height=max(MIN_HEIGHT, ROW_PX * shown.height + 120), margin=_MARGIN,
    )  # fmt: skip
    return figure
