"""Plotly figures for the vocabulary scaling laws: data in, figure out."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from tokenlab.charts.titles import clear_of_toolbar, title
from tokenlab.scaling import APPROACHES
from tokenlab.scaling.models import ModelComparison
from tokenlab.scaling.recommendation import short_count

_LAYOUT = {"margin": {"l": 10, "r": 10, "t": 50, "b": 10}, "height": 420}
_APPROACH_COLOURS = {"isoflops": "#1f77b4", "derivative": "#2ca02c", "isoloss": "#d62728"}
_LOG_PARAMS = {"type": "log", "exponentformat": "SI"}
_BUNDLED_COLOUR = "#ff7f0e"
_USER_MARKER = {"symbol": "star", "size": 16, "color": "#9467bd", "line": {"width": 1, "color": "black"}}


def _band(figure: go.Figure, low: float, high: float, colour: str, label: str) -> None:
    """Shade low..high on a log x axis, labelled at its top left (annotations take log10 there)."""
    figure.add_vrect(x0=low, x1=high, fillcolor=colour, opacity=0.1, line_width=0, layer="below")
    figure.add_annotation(
        x=math.log10(low),
        y=1,
        xref="x",
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": 11, "color": colour},
    )


def isoloss_curve_chart(
    vocab_sizes: Sequence[float],
    losses: Sequence[float],
    optimum: tuple[float, float],
    basin: tuple[float, float],
    tolerance: float,
    markers: Mapping[str, tuple[float, float]] | None = None,
    user_vocab: tuple[float, float] | None = None,
) -> go.Figure:
    """Approach 3's loss against V at a fixed budget: the optimum, the flat basin (V whose loss
    is within `tolerance` of the optimum), `markers` (label -> (V, loss): the bundled tokenizers)
    and the user's current (V, loss)."""
    best_vocab, best_loss = optimum
    figure = go.Figure(
        go.Scatter(
            x=list(vocab_sizes),
            y=list(losses),
            mode="lines",
            name="L_u(V) at this budget",
            line={"color": _APPROACH_COLOURS["isoloss"]},
            hovertemplate="V %{x:,.0f}: L_u %{y:.4f}<extra></extra>",
        )
    )
    _band(
        figure, basin[0], basin[1], _APPROACH_COLOURS["isoloss"], f"flat basin: within {tolerance:.2%} of the best loss"
    )
    figure.add_trace(
        go.Scatter(
            x=[best_vocab],
            y=[best_loss],
            mode="markers",
            name=f"optimum V = {short_count(best_vocab)}",
            marker={"symbol": "x", "size": 12, "color": _APPROACH_COLOURS["isoloss"]},
            hovertemplate="optimum: V %{x:,.0f}, L_u %{y:.4f}<extra></extra>",
        )
    )
    if markers:
        labels = list(markers)
        figure.add_trace(
            go.Scatter(
                x=[markers[label][0] for label in labels],
                y=[markers[label][1] for label in labels],
                mode="markers",
                name="bundled tokenizers' V",
                text=labels,
                marker={"symbol": "diamond", "size": 8, "color": _BUNDLED_COLOUR},
                hovertemplate="%{text}: V %{x:,.0f}, L_u %{y:.4f}<extra></extra>",
            )
        )
    if user_vocab is not None:
        figure.add_trace(
            go.Scatter(
                x=[user_vocab[0]],
                y=[user_vocab[1]],
                mode="markers",
                name=f"your V = {user_vocab[0]:,.0f}",
                marker=_USER_MARKER,
                hovertemplate="your V %{x:,.0f}: L_u %{y:.4f}<extra></extra>",
            )
        )
    figure.update_layout(
        title=title("Approach 3: loss against vocabulary size at your budget"),
        xaxis={**_LOG_PARAMS, "title": "vocabulary size V (tokens, log scale)"},
        yaxis={"title": "unigram-normalised loss L_u (nats/token)"},
        legend={"orientation": "h", "y": -0.25},
        **_LAYOUT,
    )
    return clear_of_toolbar(figure)


def _model_hover(model: ModelComparison) -> str:
    optimal = ", ".join(f"{short_count(model.optimal_vocab_sizes[a])}" for a in APPROACHES)
    tokenizer = f"<br>bundled tokenizer: {model.tokenizer_id}" if model.tokenizer_id else ""
    return (
        f"<b>{model.name}</b><br>V {model.vocab_size:,.0f}, d {model.d_model:,.0f}<br>"
        f"N_nv {short_count(model.non_vocab_params)} ({'tied' if model.tied_embeddings else 'untied'} embeddings)<br>"
        f"optimal V (App. 1, 2, 3): {optimal}<br>actual/optimal (App. 3): {model.ratio():.2f}{tokenizer}"
    )


_LABEL_SIDES = ("bottom center", "middle right", "top center", "middle left")


def vocab_overlay_chart(
    non_vocab_grid: Sequence[float],
    curves: Mapping[str, Sequence[float]],
    models: Sequence[ModelComparison],
    user_model: ModelComparison | None = None,
    fitted_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Log-log N_v against N_nv, like the paper's Figure 1 (right): each approach's compute-
    optimal N_v curve (`curves`: approach -> N_v on `non_vocab_grid`), real models at their
    actual N_v = V d (diamonds: a bundled tokenizer's model), and the user's model (a star)."""
    figure = go.Figure()
    for approach, vocab_params in curves.items():
        figure.add_trace(
            go.Scatter(
                x=list(non_vocab_grid),
                y=list(vocab_params),
                mode="lines",
                name=f"{APPROACHES[approach]} optimum",
                line={"color": _APPROACH_COLOURS[approach]},
                hovertemplate="N_nv %{x:.3s}: optimal N_v %{y:.3s}<extra>" + APPROACHES[approach] + "</extra>",
            )
        )
    for bundled, name, symbol in (
        (False, "public models", "circle"),
        (True, "models of bundled tokenizers", "diamond"),
    ):
        group = sorted((m for m in models if (m.tokenizer_id is not None) == bundled), key=lambda m: m.non_vocab_params)
        if group:
            figure.add_trace(
                go.Scatter(
                    x=[m.non_vocab_params for m in group],
                    y=[m.vocab_params for m in group],
                    mode="markers+text",
                    name=name,
                    text=[m.name for m in group],
                    textfont={"size": 9},
                    # four label sides in turn: models of 7B to 70B sit close together on a log axis
                    textposition=[_LABEL_SIDES[i % len(_LABEL_SIDES)] for i in range(len(group))],
                    hovertext=[_model_hover(m) for m in group],
                    hoverinfo="text",
                    marker={"symbol": symbol, "size": 9, "color": _BUNDLED_COLOUR if bundled else "#7f7f7f"},
                )
            )
    if user_model is not None:
        figure.add_trace(
            go.Scatter(
                x=[user_model.non_vocab_params],
                y=[user_model.vocab_params],
                mode="markers",
                name=user_model.name,
                hovertext=[_model_hover(user_model)],
                hoverinfo="text",
                marker=_USER_MARKER,
            )
        )
    if fitted_range is not None:
        _band(figure, fitted_range[0], fitted_range[1], "#1f77b4", "fitted range of the laws")
    figure.update_layout(
        title=title("Vocabulary parameters: compute-optimal against real models"),
        xaxis={**_LOG_PARAMS, "title": "non-vocabulary parameters N_nv (parameters, log scale)"},
        yaxis={**_LOG_PARAMS, "title": "vocabulary parameters N_v = V·d (parameters, log scale)"},
        legend={"orientation": "h", "y": -0.2},
        **{**_LAYOUT, "height": 560},
    )
    return clear_of_toolbar(figure)
