"""The vocabulary scaling laws against the published anchors (scaling-laws.md section 5).

The reference code truncates with int(), so integer anchors are checked within +-1 of int(V).
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab.scaling import (
    APPROACHES,
    compute_optimal_flops,
    derivative_root_vocab,
    embedding_dim,
    isoloss_loss,
    optimal_vocab_params,
    optimal_vocab_size,
    tokens_per_char,
)

LLAMA2_70B_NON_VOCAB = 70e9 - 2 * 32000 * 8192  # 69,475,712,000
FAMILY_3B_NON_VOCAB = 2_870_142_400


def assert_truncates_to(value: float, expected: int) -> None:
    assert abs(int(value) - expected) <= 1, f"int({value}) is not {expected} +- 1"


def test_llama2_70b_deserves_216k_seven_times_its_32k() -> None:
    vocab = optimal_vocab_size(LLAMA2_70B_NON_VOCAB, "isoloss", d_model=8192)
    assert 216_500 <= vocab < 216_600
    assert_truncates_to(vocab, 216_548)
    assert round(vocab / 32000, 1) == 6.8


def test_3b_model_at_2_3e21_flops_wants_42_2k() -> None:
    vocab = optimal_vocab_size(FAMILY_3B_NON_VOCAB, "isoloss", flops=2.3e21, d_model=3200)
    assert round(vocab / 1000, 1) == 42.2
    assert_truncates_to(vocab, 42_212)


def test_approach_2_gives_about_43k_at_3b() -> None:
    vocab = optimal_vocab_size(3e9, "derivative", d_model=3200)
    assert round(vocab / 1000, 1) == 42.5
    assert_truncates_to(vocab, 42_538)


@pytest.mark.parametrize(("approach", "expected"), [("isoflops", 62_280), ("derivative", 67_450), ("isoloss", 59_547)])
def test_7b_row_of_table_1(approach: str, expected: int) -> None:
    vocab = optimal_vocab_size(7e9, approach, d_model=4096)
    assert_truncates_to(vocab, expected)
    assert round(vocab / 1000) == {"isoflops": 62, "derivative": 67, "isoloss": 60}[approach]


def test_range_across_approaches_at_7b_and_70b() -> None:
    at_7b = [optimal_vocab_size(7e9, a, d_model=4096) for a in APPROACHES]
    at_70b = [optimal_vocab_size(70e9, a, d_model=8192) for a in APPROACHES]
    assert (round(min(at_7b) / 100) / 10, round(max(at_7b) / 100) / 10) == (59.5, 67.5)
    assert (round(min(at_70b) / 1000), round(max(at_70b) / 1000)) == (212, 231)


@pytest.mark.parametrize(
    ("non_vocab", "root"),
    [
        (33e6, 10_323),
        (85e6, 15_939),
        (151e6, 24_593),
        (302e6, 32_777),
        (631e6, 40_942),
        (1130e6, 49_416),
        (2870e6, 65_928),
    ],
)
def test_derivative_roots_match_approach2_script(non_vocab: float, root: int) -> None:
    assert_truncates_to(derivative_root_vocab(non_vocab), root)


def test_derivative_root_stops_at_the_200k_cap_of_f() -> None:
    assert derivative_root_vocab(1e12) == 200_000
    assert derivative_root_vocab(3e11) < 200_000


@pytest.mark.parametrize(
    ("vocab", "expected"),
    [(4096, 0.3318), (16384, 0.2723), (32000, 0.2524), (65536, 0.2374), (128256, 0.2293), (200_000, 0.2272)],
)
def test_tokens_per_char_matches_published_values(vocab: int, expected: float) -> None:
    assert round(tokens_per_char(vocab), 4) == expected


def test_tokens_per_char_is_flat_beyond_the_cap() -> None:
    assert tokens_per_char(262_144) == tokens_per_char(200_000)


@pytest.mark.parametrize(
    ("non_vocab", "width"),
    [
        (1e6, 512),
        (50e6, 512),
        (50e6 + 1, 768),
        (2.87e9, 3200),
        (7e9, 4096),
        (50e9, 6048),
        (70e9, 8192),
        (1e12, 20480),
        (2e12, 24576),
    ],
)
def test_embedding_dim_follows_the_ladder_with_inclusive_bounds(non_vocab: float, width: int) -> None:
    assert embedding_dim(non_vocab) == width


def test_compute_optimal_budget_is_about_24_tokens_per_parameter() -> None:
    assert compute_optimal_flops(7e9) == pytest.approx(7.0524e21, rel=1e-4)
    assert compute_optimal_flops(1e9) / 1e9**2 == pytest.approx(143.926, abs=5e-4)
    assert compute_optimal_flops(7e9) / (6 * 7e9) / 7e9 == pytest.approx(24.0, abs=0.05)


def test_approach_laws_in_closed_form() -> None:
    assert optimal_vocab_params(33e6, "derivative") == pytest.approx(3_145_728)
    assert optimal_vocab_params(1e9, "derivative") == pytest.approx(1.647305 * 1e9**0.8353974, rel=1e-6)
    assert optimal_vocab_params(1e9, "isoflops") == pytest.approx(1.616072 * 1e9**0.832725, rel=1e-5)


def test_isoloss_without_flops_uses_the_compute_optimal_budget() -> None:
    assert optimal_vocab_params(7e9, "isoloss") == optimal_vocab_params(7e9, "isoloss", compute_optimal_flops(7e9))


def test_isoloss_optimum_minimises_the_fitted_loss() -> None:
    flops = 2.3e21
    best = optimal_vocab_params(FAMILY_3B_NON_VOCAB, "isoloss", flops)

    def loss(vocab_params: float) -> float:
        return isoloss_loss(FAMILY_3B_NON_VOCAB, vocab_params, flops / (6 * (FAMILY_3B_NON_VOCAB + vocab_params)))

    assert loss(best) < loss(best * 0.9) and loss(best) < loss(best * 1.1)


def test_isoloss_loss_at_the_7b_optimum() -> None:
    assert isoloss_loss(7e9, 2.439e8, 1.623e11) == pytest.approx(-5.2739, abs=1e-4)


def test_over_training_asks_for_a_larger_vocabulary() -> None:
    optimal = optimal_vocab_params(3e9, "isoloss")
    assert optimal_vocab_params(3e9, "isoloss", compute_optimal_flops(3e9) * 10) > optimal
    assert optimal_vocab_params(3e9, "isoloss", compute_optimal_flops(3e9) / 10) < optimal


@pytest.mark.parametrize("approach", ["isoflops", "derivative"])
def test_a_flops_budget_is_refused_by_compute_optimal_approaches(approach: str) -> None:
    with pytest.raises(ValueError, match=r"assumes the compute-optimal budget.*use approach 'isoloss'"):
        optimal_vocab_params(7e9, approach, flops=1e22)


def test_unknown_approach_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="Unknown approach 'chinchilla'; use one of: isoflops, derivative, isoloss"):
        optimal_vocab_size(7e9, "chinchilla")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "must be positive, got 0"),
        (-7e9, "must be positive, got -7e"),
        (math.nan, r"not a number \(NaN\)"),
        (math.inf, "beyond what the scaling laws cover"),
        (1e20, "beyond what the scaling laws cover"),
        (10, "too small"),
        ("7e9", "must be a number"),
        (True, "must be a number"),
    ],
)
def test_bad_non_vocab_params_are_rejected_with_advice(value: object, message: str) -> None:
    for call in (
        lambda: optimal_vocab_size(value, "isoloss"),
        lambda: embedding_dim(value),
        lambda: compute_optimal_flops(value),
        lambda: derivative_root_vocab(value),
        lambda: isoloss_loss(value, 1e8, 1e11),
    ):
        with pytest.raises(ValueError, match=message):
            call()


@pytest.mark.parametrize("flops", [0, -1e22, math.nan, math.inf, 1e40])
def test_bad_flops_are_rejected(flops: float) -> None:
    with pytest.raises(ValueError, match="The FLOPs budget"):
        optimal_vocab_params(7e9, "isoloss", flops)


@pytest.mark.parametrize("d_model", [0, -4096, math.nan, 1e9])
def test_bad_d_model_is_rejected(d_model: float) -> None:
    with pytest.raises(ValueError, match="d_model"):
        optimal_vocab_size(7e9, "isoloss", d_model=d_model)
    with pytest.raises(ValueError, match="d_model"):
        derivative_root_vocab(7e9, d_model)


def test_a_width_that_dwarfs_the_model_is_explained() -> None:
    with pytest.raises(ValueError, match="too wide"):
        derivative_root_vocab(1e6, d_model=500_000)


@pytest.mark.parametrize("vocab", [0, -5, math.nan, 1e12])
def test_bad_vocab_size_is_rejected(vocab: float) -> None:
    with pytest.raises(ValueError, match="Vocabulary size"):
        tokens_per_char(vocab)


non_vocab_params = st.floats(min_value=1e6, max_value=1e14)


@given(non_vocab_params, non_vocab_params)
def test_every_approach_grows_with_the_model(small: float, large: float) -> None:
    small, large = sorted((small, large))
    for approach in APPROACHES:
        assert optimal_vocab_params(small, approach) <= optimal_vocab_params(large, approach) * (1 + 1e-12)


@given(
    st.floats(min_value=1e6, max_value=1e12),
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=1.01, max_value=100),
)
def test_isoloss_vocab_grows_with_the_budget(non_vocab: float, budget_scale: float, growth: float) -> None:
    flops = compute_optimal_flops(non_vocab) * budget_scale
    assert optimal_vocab_params(non_vocab, "isoloss", flops * growth) > optimal_vocab_params(
        non_vocab, "isoloss", flops
    )


@given(non_vocab_params)
def test_vocab_grows_slower_than_the_model(non_vocab: float) -> None:
    # gamma < 1: doubling N_nv less than doubles N_v (the paper's "larger models deserve larger
    # vocabularies", but sublinearly).
    for approach in APPROACHES:
        ratio = optimal_vocab_params(non_vocab * 2, approach) / optimal_vocab_params(non_vocab, approach)
        assert 1 < ratio < 2


@given(st.floats(min_value=2, max_value=200_000), st.floats(min_value=1.001, max_value=10))
def test_tokens_per_char_falls_as_the_vocabulary_grows(vocab: float, growth: float) -> None:
    assert tokens_per_char(min(vocab * growth, 200_000)) <= tokens_per_char(vocab)


@given(
    st.one_of(
        st.floats(max_value=0), st.just(math.nan), st.just(math.inf), st.floats(min_value=1e16, allow_infinity=False)
    )
)
def test_no_invalid_size_gets_a_recommendation(value: float) -> None:
    for approach in APPROACHES:
        with pytest.raises(ValueError):
            optimal_vocab_size(value, approach)
