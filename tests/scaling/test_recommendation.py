"""Recommendations for one model: all three approaches, the loss curve, its flat basin."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab.scaling import compute_optimal_flops
from tokenlab.scaling.recommendation import (
    extrapolation_warning,
    flat_basin,
    isoloss_curve,
    log_grid,
    optimal_vocab_params_curves,
    parse_count,
    recommend,
    short_count,
)

C_OPT_7B = compute_optimal_flops(7e9)


def test_7b_gets_all_three_approaches() -> None:
    answers = recommend(7e9, d_model=4096)
    assert [a.approach for a in answers] == ["isoflops", "derivative", "isoloss"]
    assert [int(a.vocab_size) for a in answers] == [62_280, 67_450, 59_547]
    assert [a.label for a in answers] == [
        "Approach 1 (IsoFLOPs)",
        "Approach 2 (derivative)",
        "Approach 3 (parametric loss)",
    ]


def test_without_d_the_paper_width_is_used() -> None:
    assert [int(a.vocab_size) for a in recommend(7e9)] == [int(a.vocab_size) for a in recommend(7e9, d_model=4096)]


def test_a_flops_budget_leaves_only_approach_3_and_says_why() -> None:
    isoflops, derivative, isoloss = recommend(2_870_142_400, flops=2.3e21, d_model=3200)
    assert isoflops.vocab_size is None and derivative.vocab_size is None
    assert "only Approach 3 takes a FLOPs budget" in isoflops.note
    assert int(isoloss.vocab_size) == 42_212


def test_flat_basin_brackets_the_optimum_and_widens_with_tolerance() -> None:
    low, high = flat_basin(7e9, 4096, C_OPT_7B)
    assert (round(low / 100) * 100, round(high / 100) * 100) == (14_400, 208_800)
    wider = flat_basin(7e9, 4096, C_OPT_7B, tolerance=0.01)
    assert wider[0] < low < 59_547 < high < wider[1]


def test_flat_basin_edges_sit_at_the_tolerance() -> None:
    best = isoloss_curve(7e9, 4096, C_OPT_7B, [59_547.58])[0]
    edges = isoloss_curve(7e9, 4096, C_OPT_7B, list(flat_basin(7e9, 4096, C_OPT_7B, 0.001)))
    assert edges == pytest.approx([best + 0.001 * abs(best)] * 2, abs=1e-9)


@pytest.mark.parametrize("tolerance", [0, -0.1, math.nan, 0.9])
def test_bad_tolerance_is_rejected(tolerance: float) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        flat_basin(7e9, 4096, C_OPT_7B, tolerance)


def test_loss_curve_is_lowest_at_the_optimum() -> None:
    losses = isoloss_curve(7e9, 4096, C_OPT_7B, [16_000, 32_000, 59_547.58, 128_000, 256_000])
    assert min(losses) == losses[2]
    assert losses == sorted(losses[:3], reverse=True) + sorted(losses[3:])


@pytest.mark.parametrize(("size", "warned"), [(7e9, True), (10e6, True), (33e6, False), (1.13e9, False), (3e9, False)])
def test_extrapolation_warning_outside_33m_to_3b(size: float, warned: bool) -> None:
    warning = extrapolation_warning(size)
    assert (warning is not None) == warned
    if warned:
        assert "outside the 33M–3B range" in warning


def test_overlay_curves_span_the_grid() -> None:
    grid, curves = optimal_vocab_params_curves(1e7, 1e12, points=11)
    assert grid[0] == pytest.approx(1e7) and grid[-1] == pytest.approx(1e12) and len(grid) == 11
    assert set(curves) == {"isoflops", "derivative", "isoloss"}
    assert curves["derivative"][0] == pytest.approx(3_145_728 * (1e7 / 33e6) ** 0.8353974035228025)


def test_log_grid_is_geometric() -> None:
    assert log_grid(1, 1000, 4) == pytest.approx([1, 10, 100, 1000])


@pytest.mark.parametrize(
    ("text", "value"),
    [("7e9", 7e9), ("7B", 7e9), ("7 b", 7e9), ("7,000,000,000", 7e9), ("216K", 216e3), ("1.2T", 1.2e12), ("33M", 33e6)],
)
def test_parse_count_reads_what_people_type(text: str, value: float) -> None:
    assert parse_count(text, "Total parameters") == value


@pytest.mark.parametrize(
    ("text", "message"),
    [("seven", "'seven' is not a number"), ("", "Enter the total parameters"), ("B", "'B' is not a number")],
)
def test_parse_count_explains_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_count(text, "Total parameters")


@pytest.mark.parametrize(
    ("value", "text"), [(69_475_712_000, "69.5B"), (216_548.9, "216.5K"), (512, "512"), (100e9, "100B"), (3e9, "3B")]
)
def test_short_count(value: float, text: str) -> None:
    assert short_count(value) == text


@given(st.floats(min_value=1e3, max_value=1e14))
def test_short_count_reads_back_within_rounding(value: float) -> None:
    assert parse_count(short_count(value), "count") == pytest.approx(value, rel=5e-3)
