"""Plotly figures of per-language metrics (a `fairness.language_table` frame in, a figure out).

Every figure has a title, axis labels with units, and hover text that names the language,
its script, the value with its unit (the word unit for fertility, the bootstrap interval for
parity), the articles it rests on and the pair's coverage. Pairs whose coverage is flagged are
drawn grey (hatched bars, hollow markers, a ⚠ in heatmap cells), explained in a legend entry,
and left out of every ranking; the hover says why. The caption to show under each figure is
`metric_caption(metric)`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from tokenlab.charts.titles import clear_of_toolbar
from tokenlab.charts.titles import title as chart_title
from tokenlab.metrics.languages import (
    FLAG_LEGEND,
    FLAG_MARK,
    LANGUAGE_METRICS,
    NOT_COMPARED,
    LanguageMetric,
    language_order,
    ranked_only,
)

ROW_PX = 18  # height per language row, so that every label stays readable
#: Values spread over at least this factor are coloured on a log scale: parity runs from 1× to
#: 16×, and on a linear scale everything from 1.2× to 3× would share one pale colour.
LOG_SPREAD = 4.0
#: Round values for the ticks of a log colour bar.
_LOG_TICKS = (1, 1.5, 2, 3, 5, 7)
MIN_HEIGHT = 360
LABEL_PX = 5  # room per character of the longest slanted tokenizer name under a heatmap
#: Above this many tokenizers, heatmap cells are too narrow for their numbers on a 390 px phone
#: (the hover and the table have them).
MAX_TEXT_COLUMNS = 8
#: A heatmap's row labels are cut to this many characters (the hover names the language in
#: full): a phone's chart cannot give more to labels and still show 8 columns of numbers.
ROW_LABEL_CHARS = 24
#: Under the grid, a horizontal colour bar: at the side it would take a phone's columns.
COLOUR_BAR_PX = 64
#: Worse is warmer: the same colours for every metric, reversed when higher is better.
WORSE_IS_RED = "YlOrRd"
FLAGGED_GREY = "#b8b8b8"
HATCH = "/"
_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}


def metric_caption(metric: str, reference: str = "eng") -> str:
    """One line under a figure: what the metric means, and where the numbers come from."""
    spec = LANGUAGE_METRICS[metric]
    meaning = spec.meaning.replace("the reference language", f"the reference language ({reference})")
    return (
        f"{spec.label} ({spec.unit}): {meaning}. {FLAG_LEGEND}. Source: the Universal Declaration of Human "
        "Rights, articles 1-30 (unicode.org/udhr), counted by tokenlab."
    )


@dataclass(frozen=True)
class ColourScale:
    """How values become colours: on a log scale when they spread over `LOG_SPREAD` or more, so
    that 1.2× and 3× differ as much as 3× and 7.5×; the colour bar is labelled in the values.

    ColourScale.of([1.0, 9.0]).colour(3.0) -> 0.477 (log10), ticks 1, 1.5, 2, 3, 5, 7
    """

    log: bool
    ticks: tuple[float, ...] = ()

    @classmethod
    def of(cls, values: Sequence[float | None]) -> ColourScale:
        present = [value for value in values if value is not None]
        low, high = (min(present), max(present)) if present else (0.0, 0.0)
        if low <= 0 or high / low < LOG_SPREAD:
            return cls(log=False)
        ticks = [
            tick * 10**exponent
            for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
            for tick in _LOG_TICKS
        ]
        return cls(log=True, ticks=tuple(tick for tick in ticks if low <= tick <= high))

    def colour(self, value: float | None) -> float | None:
        """The number plotly colours for `value`."""
        if value is None or not self.log:
            return value
        return math.log10(value)

    def colour_bar(self, title: str, under: bool = False) -> dict[str, object]:
        """Plotly's colour bar for this scale: at the right, or `under` the figure, lying flat."""
        text = title + (" (log scale)" if self.log else "")
        bar: dict[str, object] = {"title": {"text": text, "side": "top" if under else "right"}}
        if under:
            bar |= {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "thickness": 12, "len": 1}
        if self.log:
            bar |= {
                "tickvals": [math.log10(tick) for tick in self.ticks],
                "ticktext": [f"{tick:g}" for tick in self.ticks],
            }
        return bar


def _labels(table: pl.DataFrame) -> dict[str, str]:
    return {g: f"{n} ({s})" for g, n, s in table.select("group", "name", "script_name").unique("group").iter_rows()}


def short_labels(labels: Sequence[str], limit: int = ROW_LABEL_CHARS) -> list[str]:
    """`labels` cut to `limit` characters with "…", each still unique (a number added if needed).

    short_labels(["Inuktitut, Eastern Canadian (Canadian_Aboriginal)", "English (Latin)"])
    -> ["Inuktitut, Eastern Cana…", "English (Latin)"]
    """
    shown: list[str] = []
    for label in labels:
        short = label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
        candidate, n = short, 1
        while candidate in shown:
            n += 1
            candidate = f"{short} {n}"
        shown.append(candidate)
    return shown


def _names(table: pl.DataFrame, names: Mapping[str, str] | None) -> list[str]:
    ids = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    return [(names or {}).get(t, t) for t in ids]


def _hover_lines(table: pl.DataFrame, spec: LanguageMetric) -> pl.DataFrame:
    """Per row, the hover text after the language and tokenizer: the value with its unit (and
    interval, word unit), the articles, the coverage, and the note of a pair left out."""
    value = pl.col("value").round(3).cast(pl.String)
    interval = pl.format(" (95% CI {}–{})", pl.col("ci_low").round(3), pl.col("ci_high").round(3))
    per = pl.format(" tokens per {}", pl.col("word_unit"))
    line = pl.concat_str(
        pl.lit(f"{spec.label}: "),
        pl.when(pl.col("value").is_null()).then(pl.lit("no figure")).otherwise(value),
        pl.when(pl.col("word_unit").is_not_null()).then(per).otherwise(pl.lit(f" {spec.unit}")),
        pl.when(pl.col("ci_low").is_not_null() & pl.col("value").is_not_null()).then(interval).otherwise(pl.lit("")),
        pl.lit("<br>"),
        pl.format("{} articles · coverage {}%", "articles", (pl.col("coverage") * 100).round(1)),
        pl.when(pl.col("note") != "")
        .then(pl.format("<br>{} {}", pl.lit(FLAG_MARK), pl.col("note").str.replace_all(r"([:;]) ", "$1<br>")))
        .otherwise(pl.lit("")),
    )
    return table.with_columns(hover=line)


def _flag_legend(figure: go.Figure, symbol: str = "square") -> None:
    """A legend entry for the grey marking of flagged pairs."""
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={"color": FLAGGED_GREY, "symbol": symbol, "size": 12},
        name=f"{FLAG_MARK} coverage below threshold: not ranked",
        showlegend=True,
        hoverinfo="skip",
    )


def _add_left_out_bars(
    figure: go.Figure, left_out: pl.DataFrame, x_column: str, legend: str, customdata: pl.DataFrame, hover: str
) -> None:
    """Grey, hatched bars after the ranked ones: pairs whose coverage is too low to be ranked stay
    visible, with their reason in the legend and the hover, instead of silently disappearing."""
    if left_out.height:
        figure.add_bar(
            x=left_out.get_column(x_column).to_list(),
            y=[f"{FLAG_MARK} {n}" for n in left_out.get_column("name")],
            orientation="h",
            name=f"{FLAG_MARK} {legend}",
            marker={"color": FLAGGED_GREY, "pattern": {"shape": HATCH}},
            customdata=customdata.to_numpy(),
            hovertemplate=hover,
        )


def language_heatmap(table: pl.DataFrame, metric: str, names: Mapping[str, str] | None = None) -> go.Figure:
    """Languages (rows, worst served on top) x tokenizers (columns), coloured by the metric;
    flagged cells grey with a ⚠ beside their value."""
    spec: LanguageMetric = LANGUAGE_METRICS[metric]
    order = language_order(table, spec.higher_is_worse)
    tokenizers = table.get_column("tokenizer").unique(maintain_order=True).to_list()
    cells = _hover_lines(table, spec).with_columns(
        shown=pl.when(pl.col("ranked")).then(pl.col("value")),
        grey=pl.when(~pl.col("ranked") & pl.col("value").is_not_null()).then(pl.lit(1.0)),
        text=pl.when(pl.col("value").is_null())
        .then(pl.lit(""))
        .when(pl.col("ranked"))
        .then(pl.col("value").round_sig_figs(3).cast(pl.String))
        .otherwise(pl.format("{} {}", pl.col("value").round_sig_figs(3), pl.lit(FLAG_MARK))),
    )

    def grid(column: str) -> list[list[object]]:
        wide = cells.pivot(on="tokenizer", index="group", values=column)
        wide = pl.DataFrame({"group": order}).join(wide, on="group", how="left", maintain_order="left")
        columns = [wide.get_column(t).to_list() if t in wide.columns else [None] * len(order) for t in tokenizers]
        return [list(row) for row in zip(*columns, strict=True)]  # rows = languages

    labels = _labels(table)
    x, full = _names(table, names), [labels[g] for g in order]
    y = short_labels(full)
    show_text = len(order) <= 120 and len(tokenizers) <= MAX_TEXT_COLUMNS
    hover = [
        [
            None if lines is None else f"{language}<br>{tokenizer}<br>{lines}"
            for tokenizer, lines in zip(x, row, strict=True)
        ]
        for language, row in zip(full, grid("hover"), strict=True)
    ]
    shown = [[value if isinstance(value, float | int) else None for value in row] for row in grid("shown")]
    scale = ColourScale.of([value for row in shown for value in row])
    figure = go.Figure(
        go.Heatmap(
            z=[[scale.colour(value) for value in row] for row in shown],
            x=x,
            y=y,
            customdata=hover,
            colorscale=WORSE_IS_RED,
            reversescale=not spec.higher_is_worse,
            text=grid("text") if show_text else None,
            texttemplate="%{text}" if show_text else None,
            textfont={"size": 10},
            hovertemplate="%{customdata}<extra></extra>",
            colorbar=scale.colour_bar(spec.unit, under=True),
            xgap=1,
            ygap=1,
            hoverongaps=False,
        )
    )
    figure.add_heatmap(
        z=grid("grey"),
        x=x,
        y=y,
        customdata=hover,
        colorscale=[[0, FLAGGED_GREY], [1, FLAGGED_GREY]],
        showscale=False,
        text=grid("text") if show_text else None,
        texttemplate="%{text}" if show_text else None,
        textfont={"size": 10, "color": "#333"},
        hovertemplate="%{customdata}<extra></extra>",
        xgap=1,
        ygap=1,
        hoverongaps=False,
    )
    _flag_legend(figure)
    # Tokenizer names under the grid, slanted, with the margin they need (automargin); the title
    # and the legend above it keep their own room, so neither collides with the names.
    figure.update_layout(
        title=chart_title(f"{spec.label}<br><sup>by language and tokenizer, worst served on top</sup>"),
        xaxis={"title": "tokenizer", "side": "bottom", "tickangle": -40, "automargin": True, "tickfont": {"size": 11}},
        yaxis={
            "title": f"language (script) · {len(order)} languages",
            "autorange": "reversed",
            "dtick": 1,
            "tickfont": {"size": 11},
            "automargin": True,
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        height=max(MIN_HEIGHT, ROW_PX * len(order) + 140 + COLOUR_BAR_PX + LABEL_PX * max(map(len, x), default=0)),
        margin={**_MARGIN, "t": 90, "b": COLOUR_BAR_PX},
        plot_bgcolor="white",
    )
    return clear_of_toolbar(figure)


def ranked_bars(table: pl.DataFrame, tokenizer: str, metric: str, name: str | None = None) -> go.Figure:
    """Every ranked language's value for one tokenizer, worst served on top, coloured by script,
    with parity's bootstrap interval as error bars; flagged languages after them, grey and
    hatched, not ranked."""
    spec = LANGUAGE_METRICS[metric]
    rows = _hover_lines(table.filter(pl.col("tokenizer") == tokenizer, pl.col("value").is_not_null()), spec)
    ranked = ranked_only(rows).sort("value", descending=spec.higher_is_worse)
    left_out = rows.filter(~pl.col("ranked")).sort("name")
    values = ranked.get_column("value").to_list()
    scale = ColourScale.of(values)
    has_interval = ranked.get_column("ci_low").is_not_null().any()
    # One colour per value on the metric's scale, not one per script: 29 scripts would need 29
    # colours, and a legend that squeezes the bars; the script is in each bar's hover.
    figure = go.Figure(
        go.Bar(
            x=values,
            y=ranked.get_column("name").to_list(),
            orientation="h",
            name=spec.label,
            showlegend=False,
            marker={
                "color": [scale.colour(value) for value in values],
                "colorscale": WORSE_IS_RED,
                "reversescale": not spec.higher_is_worse,
                "colorbar": scale.colour_bar(spec.unit) | {"thickness": 12},
            },
            customdata=ranked.select("script_name", "hover").to_numpy(),
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (ranked.get_column("ci_high") - ranked.get_column("value")).to_list(),
                "arrayminus": (ranked.get_column("value") - ranked.get_column("ci_low")).to_list(),
                "color": "#333",
                "thickness": 1,
                "width": 2,
            }
            if has_interval
            else None,
            hovertemplate="%{y} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
        )
    )
    _add_left_out_bars(
        figure,
        left_out,
        "value",
        "coverage below threshold: not ranked",
        left_out.select("script_name", "hover"),
        "%{y} (%{customdata[0]})<br>%{customdata[1]}<extra></extra>",
    )
    categories = ranked.get_column("name").to_list() + [f"{FLAG_MARK} {n}" for n in left_out.get_column("name")]
    figure.update_layout(
        title=chart_title(
            f"{spec.label} per language<br><sup>{name or tokenizer} · {ranked.height} ranked"
            + (f", {left_out.height} not ranked: coverage" if left_out.height else "")
            + "</sup>"
        ),
        xaxis={"title": f"{spec.label} ({spec.unit})"},
        yaxis={
            "title": "language",
            "categoryorder": "array",
            "categoryarray": categories,
            "autorange": "reversed",
            "dtick": 1,
            "tickfont": {"size": 11},
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "xanchor": "left"},
        barmode="overlay",
        height=max(MIN_HEIGHT, ROW_PX * len(categories) + 150),
        margin={**_MARGIN, "t": 100},
    )
    return clear_of_toolbar(figure)


def language_map(table: pl.DataFrame, tokenizer: str, metric: str, name: str | None = None) -> go.Figure:
    """One marker per language at its UDHR coordinates, coloured by the metric for one tokenizer,
    over country outlines; flagged languages as grey hollow markers.

    plotly.js draws the outlines from a world topojson it fetches from its `topojsonURL` config
    (by default a CDN): pass `map_config(url)` with the URL where the app serves
    static/topojson/ as `config` when showing the figure, and nothing leaves the server.
    """
    spec = LANGUAGE_METRICS[metric]
    rows = _hover_lines(
        table.filter(pl.col("tokenizer") == tokenizer, pl.col("latitude").is_not_null(), pl.col("value").is_not_null()),
        spec,
    )
    ranked, left_out = ranked_only(rows), rows.filter(~pl.col("ranked"))
    values = ranked.get_column("value").to_list()
    scale = ColourScale.of(values)
    hover = "%{text}<br>script: %{customdata[0]}<br>%{customdata[1]}<extra></extra>"
    figure = go.Figure(
        go.Scattergeo(
            lat=ranked.get_column("latitude").to_list(),
            lon=ranked.get_column("longitude").to_list(),
            text=ranked.get_column("name").to_list(),
            customdata=ranked.select("script_name", "hover").to_numpy(),
            mode="markers",
            name="ranked",
            showlegend=False,
            marker={
                "size": 9,
                "color": [scale.colour(value) for value in values],
                "colorscale": WORSE_IS_RED,
                "reversescale": not spec.higher_is_worse,
                "line": {"width": 0.5, "color": "#444"},
                "colorbar": scale.colour_bar(spec.unit) | {"thickness": 12},
            },
            hovertemplate=hover,
        )
    )
    figure.add_scattergeo(
        lat=left_out.get_column("latitude").to_list(),
        lon=left_out.get_column("longitude").to_list(),
        text=[f"{FLAG_MARK} {n}" for n in left_out.get_column("name")],
        customdata=left_out.select("script_name", "hover").to_numpy(),
        mode="markers",
        name=f"{FLAG_MARK} coverage below threshold: not ranked",
        marker={"size": 9, "symbol": "circle-open", "color": "#777", "line": {"width": 2}},
        hovertemplate=hover,
    )
    figure.update_geos(
        projection_type="natural earth",
        resolution=110,
        showland=True,
        landcolor="#f4f1ea",
        showcountries=True,
        countrycolor="#a9a9a9",
        countrywidth=0.5,
        showcoastlines=True,
        coastlinecolor="#8c8c8c",
        coastlinewidth=0.5,
        showocean=True,
        oceancolor="#e3edf5",
        showlakes=False,
        showrivers=False,
        showframe=True,
        lataxis={"showgrid": True, "gridcolor": "#d5dde6", "dtick": 30},
        lonaxis={"showgrid": True, "gridcolor": "#d5dde6", "dtick": 30},
    )
    figure.update_layout(
        title=chart_title(
            f"{spec.label} around the world<br><sup>{name or tokenizer} · {ranked.height} languages"
            + (f", {left_out.height} not ranked" if left_out.height else "")
            + " at their UDHR coordinates</sup>"
        ),
        legend={"orientation": "h", "yanchor": "top", "y": -0.02},
        height=460,
        margin=_MARGIN,
    )
    return clear_of_toolbar(figure)


def map_config(topojson_url: str) -> dict[str, object]:
    """The plotly config under which `language_map` draws its outlines from `topojson_url` (a
    folder holding world_110m.json) and not from plotly's CDN."""
    return {"topojsonURL": topojson_url}


def comparison_bars(comparison: pl.DataFrame, a: str, b: str, top: int = 15) -> go.Figure:
    """Languages that got most cheaper and most dearer going from tokenizer A to B (B / A tokens);
    languages whose coverage is flagged with A or B grey and hatched, after them."""
    compared = comparison.filter(pl.col("verdict") != NOT_COMPARED)
    cheaper = compared.head(top)
    dearer = compared.tail(top) if compared.height > top else compared.clear()
    shown = pl.concat([cheaper, dearer]).unique("group", maintain_order=True).sort("ratio")
    left_out = comparison.filter(pl.col("verdict") == NOT_COMPARED).sort("name")
    colours = [
        "#2a9d8f" if v == "cheaper" else "#e76f51" if v == "dearer" else "#999" for v in shown.get_column("verdict")
    ]
    coverage = pl.format(
        "coverage {}% with A, {}% with B", (pl.col("coverage_a") * 100).round(1), (pl.col("coverage_b") * 100).round(1)
    )
    hover = "%{y}: %{x:.2f}× (%{customdata[0]:,} → %{customdata[1]:,} tokens)<br>%{customdata[2]}<extra></extra>"
    figure = go.Figure(
        go.Bar(
            x=shown.get_column("ratio").to_list(),
            y=shown.get_column("name").to_list(),
            orientation="h",
            marker_color=colours,
            name="compared",
            showlegend=False,
            customdata=shown.select("tokens_a", "tokens_b", coverage.alias("coverage")).to_numpy(),
            hovertemplate=hover,
        )
    )
    _add_left_out_bars(
        figure,
        left_out,
        "ratio",
        "coverage below threshold with A or B: not compared",
        left_out.select("tokens_a", "tokens_b", coverage.alias("coverage")),
        hover,
    )
    figure.add_vline(x=1, line_dash="dot", line_color="#555")
    rows = shown.height + left_out.height
    figure.update_layout(
        title=chart_title(f"Going from {a} to {b}: tokens for the same text (left of 1 = cheaper)"),
        xaxis={"title": f"tokens with {b} / tokens with {a} (×)", "type": "log"},
        yaxis={"title": "language", "autorange": "reversed", "dtick": 1},
        legend={"orientation": "h", "yanchor": "top", "y": -0.15},
        height=max(MIN_HEIGHT, ROW_PX * rows + 160),
        margin=_MARGIN,
    )
    return clear_of_toolbar(figure)
