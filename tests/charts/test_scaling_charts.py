"""Scaling-law figures built directly: traces, log axes, titles and labels with units."""

from __future__ import annotations

import math

import tokenlab
from tokenlab.charts.scaling import isoloss_curve_chart, vocab_overlay_chart
from tokenlab.scaling import FITTED_NON_VOCAB_PARAMS
from tokenlab.scaling.models import compare_model, compare_public_models
from tokenlab.scaling.recommendation import optimal_vocab_params_curves


def test_loss_curve_chart_shows_curve_optimum_basin_tokenizers_and_user() -> None:
    figure = isoloss_curve_chart(
        [1000, 10_000, 100_000],
        [-5.1, -5.27, -5.26],
        optimum=(59_547.6, -5.274),
        basin=(14_400, 208_800),
        tolerance=0.001,
        markers={"Llama 3": (128_256, -5.272), "GPT-2": (50_257, -5.273)},
        user_vocab=(32_000, -5.2735),
    )
    curve, optimum, tokenizers, user = figure.data
    assert list(curve.x) == [1000, 10_000, 100_000] and list(curve.y) == [-5.1, -5.27, -5.26]
    assert optimum.name == "optimum V = 59.5K" and list(optimum.x) == [59_547.6]
    assert list(tokenizers.text) == ["Llama 3", "GPT-2"] and list(tokenizers.x) == [128_256, 50_257]
    assert user.name == "your V = 32,000"
    (band,) = figure.layout.shapes
    assert (band.x0, band.x1) == (14_400, 208_800)
    assert figure.layout.annotations[0].text == "flat basin: within 0.10% of the best loss"
    # annotations on a log axis are placed in log10 units: the label starts at the band's left edge
    assert figure.layout.annotations[0].x == math.log10(14_400)


def test_loss_curve_chart_axes_and_title() -> None:
    figure = isoloss_curve_chart([1000, 2000], [-5.0, -5.1], optimum=(2000, -5.1), basin=(1500, 2000), tolerance=0.01)
    assert figure.layout.title.text == "Approach 3: loss against vocabulary size at<br>your budget"
    assert figure.layout.xaxis.type == "log"
    assert figure.layout.xaxis.title.text == "vocabulary size V (tokens, log scale)"
    assert figure.layout.yaxis.title.text == "unigram-normalised loss L_u (nats/token)"
    assert len(figure.data) == 2  # no markers, no user point


def test_overlay_chart_is_log_log_with_curves_models_and_user() -> None:
    grid, curves = optimal_vocab_params_curves(1e7, 1e12, points=5)
    models = compare_public_models(tokenlab.list_tokenizers())
    user = compare_model("Your model", 32000, 4096, 7e9)
    figure = vocab_overlay_chart(grid, curves, models, user, FITTED_NON_VOCAB_PARAMS)
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"
    assert figure.layout.xaxis.title.text == "non-vocabulary parameters N_nv (parameters, log scale)"
    assert figure.layout.yaxis.title.text == "vocabulary parameters N_v = V·d (parameters, log scale)"
    assert figure.layout.title.text == "Vocabulary parameters: compute-optimal<br>against real models"
    names = [trace.name for trace in figure.data]
    assert names == [
        "Approach 1 (IsoFLOPs) optimum",
        "Approach 2 (derivative) optimum",
        "Approach 3 (parametric loss) optimum",
        "public models",
        "models of bundled tokenizers",
        "Your model",
    ]
    public, bundled = figure.data[3], figure.data[4]
    assert len(public.x) + len(bundled.x) == 16
    assert sorted(bundled.text) == [
        "Gemma2-27B",
        "Gemma2-9B",
        "Llama2-34B",
        "Llama2-70B",
        "Llama2-7B",
        "Llama3-70B",
        "Llama3-8B",
        "StarCoder2-3B",
    ]
    assert list(figure.data[2].y) == curves["isoloss"]


def test_overlay_hover_shows_v_d_nnv_and_ratio() -> None:
    llama = [c for c in compare_public_models(tokenlab.list_tokenizers()) if c.name == "Llama2-70B"]
    figure = vocab_overlay_chart([1e9, 1e10], {}, llama)
    (hover,) = figure.data[0].hovertext
    assert "V 32,000, d 8,192" in hover
    assert "N_nv 69.5B (untied embeddings)" in hover
    assert "optimal V (App. 1, 2, 3): 210.5K, 229.4K, 216.5K" in hover
    assert "actual/optimal (App. 3): 0.15" in hover
    assert "bundled tokenizer: llama2" in hover
    assert list(figure.data[0].x) == [69_475_712_000] and list(figure.data[0].y) == [32000 * 8192]


def test_fitted_range_is_shaded_and_labelled() -> None:
    figure = vocab_overlay_chart([1e9, 1e10], {}, [], fitted_range=(33e6, 3e9))
    (band,) = figure.layout.shapes
    assert (band.x0, band.x1) == (33e6, 3e9)
    assert figure.layout.annotations[0].text == "fitted range of the laws"
