"""Vocabulary scaling laws: the compute-optimal vocabulary for a model size and budget.

Tao et al., "Scaling Laws with Vocabulary: Larger Models Deserve Larger Vocabularies"
(NeurIPS 2024, arXiv:2407.13623), with the constants of the reference code
(github.com/sail-sg/scaling-with-vocab: `utils.py`, `optimal_Nv_predict.py`,
`approach2_derivative.py`, `approach3_isoloss.py`). The constants are the definition of each
approach; nothing here refits them. Pure math: no I/O.

Conventions (as in the paper's Figure 1):
- N_nv: non-vocabulary parameters (everything but the embedding matrices);
- N_v = V * d: vocabulary parameters, counting ONE V x d matrix;
- C: training FLOPs, 6 * (N_nv + V * d) * D for D tokens (`utils.func_flops`).

    Llama2-70B (N_nv = 69,475,712,000, d = 8192, compute-optimal budget):
    isoflops 210.5K, derivative 229.4K, isoloss 216.5K, against its actual 32K.
"""

from __future__ import annotations

import math
from collections.abc import Callable

#: f(V) = a (ln V)^2 + b ln V + c, expected tokens per character (`utils.py`, SlimPajama BPE).
TOKENS_PER_CHAR_COEFFS = (0.00639222, -0.15811069, 1.20470122)
#: f is a parabola in ln V with its minimum near 235K; the reference caps V at 200K.
TOKENS_PER_CHAR_VOCAB_CAP = 200_000

#: `utils.Nnv_to_d`: (largest N_nv, d), inclusive bounds; 6048 is as written in the code.
WIDTH_LADDER = (
    (50e6, 512),
    (200e6, 768),
    (500e6, 1024),
    (1e9, 1536),
    (2e9, 2048),
    (5e9, 3200),
    (10e9, 4096),
    (20e9, 5120),
    (50e9, 6048),
    (100e9, 8192),
    (200e9, 12288),
    (500e9, 16384),
    (1e12, 20480),
)
WIDTH_BEYOND_LADDER = 24576

#: Approach 1 (`optimal_Nv_predict.py`): N_nv,opt = e^K_NNV C^0.5, N_v,opt = e^K_NV C^GAMMA_NV.
ISOFLOPS_LOG_K_NNV = -2.4846510161625193
ISOFLOPS_LOG_K_NV = -1.589031299255507
ISOFLOPS_EXPONENT_NV = 0.4163622634135234

#: Approach 2 (`optimal_Nv_predict.approach2_derivative`): N_v = N_V0 (N_nv / N_NV0)^gamma,
#: anchored on V = 6144 (d = 512) winning at 2.7e17 FLOPs for the smallest family.
DERIVATIVE_ANCHOR_NV = 3_145_728
DERIVATIVE_ANCHOR_NNV = 33_000_000
DERIVATIVE_GAMMA = 0.8353974035228025

#: Approach 3 (`approach3_isoloss.py`): L_u = -E + A1/N_nv^alpha1 + A2/N_v^alpha2 + B/D^beta,
#: with N_nv and N_v in millions, D in billions of tokens, C in 1e15 FLOPs.
ISOLOSS_A1 = 1.8313851559554126
ISOLOSS_A2 = 0.19584238398665638
ISOLOSS_B = 2.1241123120064955
ISOLOSS_E = 5.5327846803337435
ISOLOSS_ALPHA1 = 0.44660634152009615
ISOLOSS_ALPHA2 = 0.6707374679896795
ISOLOSS_BETA = 0.44660634152009615

#: The approaches by the names the functions take, numbered and labelled as in the paper.
APPROACH_METHODS = {"isoflops": "IsoFLOPs", "derivative": "derivative", "isoloss": "parametric loss"}
APPROACH_NUMBERS = {name: f"Approach {number}" for number, name in enumerate(APPROACH_METHODS, start=1)}
APPROACHES = {name: f"{APPROACH_NUMBERS[name]} ({method})" for name, method in APPROACH_METHODS.items()}

#: Non-vocabulary parameters the laws were fitted on (33M-1.13B) and validated at (2.87B).
FITTED_NON_VOCAB_PARAMS = (33e6, 3e9)

# Bounds that catch unit slips (thousands typed as units, bytes as parameters); far beyond
# any model trained so far, far below where the formulas overflow.
MIN_NON_VOCAB_PARAMS = 1e6
MAX_PARAMS = 1e15
MAX_FLOPS = 1e35
MAX_TOKENS = 1e20
MAX_VOCAB_SIZE = 1e8
MAX_D_MODEL = 1e6


def check_quantity(name: str, value: float, *, example: str, low: float, high: float) -> float:
    """`value` as a float if it is a real number in [low, high]; else a ValueError saying what to enter."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be a number, got {value!r}; enter e.g. {example}.")
    if math.isnan(value):
        raise ValueError(f"{name} is not a number (NaN); enter e.g. {example}.")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value:g}; enter e.g. {example}.")
    if math.isinf(value) or value > high:
        raise ValueError(
            f"{name} = {value:.3g} is beyond what the scaling laws cover (at most {high:.0e}); check the units."
        )
    if value < low:
        raise ValueError(f"{name} = {value:.3g} is too small (at least {low:.3g}); check the units.")
    return float(value)


def check_non_vocab_params(value: float) -> float:
    """`value` checked as a count of non-vocabulary parameters (see check_quantity)."""
    return check_quantity("Non-vocabulary parameters", value, example="7e9", low=MIN_NON_VOCAB_PARAMS, high=MAX_PARAMS)


def check_d_model(value: float) -> float:
    """`value` checked as a model width d_model (see check_quantity)."""
    return check_quantity("d_model", value, example="4096", low=1, high=MAX_D_MODEL)


def _d_model(value: float | None, non_vocab_params: float) -> float:
    if value is None:
        return float(embedding_dim(non_vocab_params))
    return check_d_model(value)


def _flops(value: float) -> float:
    return check_quantity("The FLOPs budget", value, example="1e22", low=1, high=MAX_FLOPS)


def _increasing_root(function: Callable[[float], float], low: float, high: float) -> float:
    """The t in [low, high] where the increasing `function` crosses zero (bisection)."""
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if function(middle) < 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def tokens_per_char(vocab_size: float) -> float:
    """The paper's f(V) = 0.00639222 (ln V)^2 - 0.15811069 ln V + 1.20470122, V capped at 200K.

    Expected tokens per character of a BPE tokenizer trained on SlimPajama (`utils.py`,
    `experiments/preliminary/fit_tokenization_func.py`; paper section 3). D = H * f(V).

        tokens_per_char(32000) -> 0.2524 (3.96 characters per token)
    """
    vocab = check_quantity("Vocabulary size", vocab_size, example="32000", low=1, high=MAX_VOCAB_SIZE)
    a, b, c = TOKENS_PER_CHAR_COEFFS
    log_v = math.log(min(vocab, TOKENS_PER_CHAR_VOCAB_CAP))
    return a * log_v**2 + b * log_v + c


def embedding_dim(non_vocab_params: float) -> int:
    """The paper's width d for a model of `non_vocab_params` (`utils.Nnv_to_d`); a fallback
    for when the real d is unknown.

        embedding_dim(7e9) -> 4096;  embedding_dim(50e6) -> 512;  embedding_dim(2e12) -> 24576
    """
    n_nv = check_non_vocab_params(non_vocab_params)
    return next((d for bound, d in WIDTH_LADDER if n_nv <= bound), WIDTH_BEYOND_LADDER)


def compute_optimal_flops(non_vocab_params: float) -> float:
    """C_opt = (N_nv / e^-2.48465)^2 = 143.926 N_nv^2, Approach 1's budget for which N_nv is
    compute-optimal (`optimal_Nv_predict.Nnvopt_to_flops`; about 24 tokens per parameter).

        compute_optimal_flops(7e9) -> 7.05e21
    """
    n_nv = check_non_vocab_params(non_vocab_params)
    return (n_nv / math.exp(ISOFLOPS_LOG_K_NNV)) ** 2


def _isoloss_vocab_params(non_vocab_params: float, flops: float) -> float:
    """Root of dL_u/dN_v = 0 with D = C / (6 (N_nv + N_v)), in normalised units (section 4):
    beta B (6/C)^beta (N_nv + x)^(beta-1) = alpha2 A2 x^(-alpha2-1). The log of left/right is
    increasing in x, so the root is unique; solved for t = ln x."""
    n_nv, c = non_vocab_params / 1e6, flops / 1e15
    constant = (
        math.log(ISOLOSS_BETA * ISOLOSS_B) + ISOLOSS_BETA * math.log(6 / c) - math.log(ISOLOSS_ALPHA2 * ISOLOSS_A2)
    )

    def excess(t: float) -> float:
        return constant + (ISOLOSS_BETA - 1) * math.log(n_nv + math.exp(t)) + (ISOLOSS_ALPHA2 + 1) * t

    low, high = -10.0, 10.0
    while excess(low) > 0:
        low -= 10
    while excess(high) < 0:
        high += 10
    return math.exp(_increasing_root(excess, low, high)) * 1e6


def optimal_vocab_params(non_vocab_params: float, approach: str, flops: float | None = None) -> float:
    """N_v,opt = V * d, the compute-optimal vocabulary parameters (one V x d matrix).

    - "isoflops" (Approach 1, paper section 4.1): 0.204123 * C_opt^0.416362 = 1.616 N_nv^0.8327;
    - "derivative" (Approach 2, section 4.2): 3,145,728 * (N_nv / 33e6)^0.8353974;
    - "isoloss" (Approach 3, section 4.3): the minimum over N_v of the fitted L_u at budget C.

    `flops=None` means C_opt(N_nv). Only "isoloss" takes another budget: the other two assume
    the compute-optimal allocation (`optimal_Nv_predict.py`).

        optimal_vocab_params(7e9, "derivative") -> 2.763e8  (67.45K at d = 4096)
    """
    n_nv = check_non_vocab_params(non_vocab_params)
    if approach not in APPROACHES:
        raise ValueError(f"Unknown approach {approach!r}; use one of: {', '.join(APPROACHES)}.")
    if flops is not None and approach != "isoloss":
        raise ValueError(
            f"{APPROACHES[approach]} assumes the compute-optimal budget for the model size, so it "
            "cannot take a FLOPs budget; leave the budget empty or use approach 'isoloss'."
        )
    if approach == "isoflops":
        return math.exp(ISOFLOPS_LOG_K_NV) * compute_optimal_flops(n_nv) ** ISOFLOPS_EXPONENT_NV
    if approach == "derivative":
        return DERIVATIVE_ANCHOR_NV * (n_nv / DERIVATIVE_ANCHOR_NNV) ** DERIVATIVE_GAMMA
    budget = compute_optimal_flops(n_nv) if flops is None else _flops(flops)
    return _isoloss_vocab_params(n_nv, budget)


def optimal_vocab_size(
    non_vocab_params: float, approach: str, flops: float | None = None, d_model: float | None = None
) -> float:
    """V_opt = N_v,opt / d, with d from `embedding_dim` when not given (reference: int(N_v / d)).

    optimal_vocab_size(69_475_712_000, "isoloss", d_model=8192) -> 216,548.9  ("216K")
    optimal_vocab_size(2_870_142_400, "isoloss", flops=2.3e21, d_model=3200) -> 42,212.2
    """
    vocab_params = optimal_vocab_params(non_vocab_params, approach, flops)
    return vocab_params / _d_model(d_model, non_vocab_params)


def derivative_root_vocab(non_vocab_params: float, d_model: float | None = None) -> float:
    """The V minimising FLOPs per character, C/H = 6 (N_nv + V d) f(V): the root of
    d f(V) + (N_nv + V d) f'(V) = 0 (`approach2_derivative.dF_dV`, paper section 4.2), before
    Approach 2 re-anchors its level. Where f is capped (V >= 200K) C/H only grows with V, so
    the answer is at most 200,000.

        derivative_root_vocab(33e6) -> 10,322.9 (d = 512);  derivative_root_vocab(2.87e9) -> 65,928.3
    """
    n_nv = check_non_vocab_params(non_vocab_params)
    d = _d_model(d_model, n_nv)
    a, b, _ = TOKENS_PER_CHAR_COEFFS

    def slope(log_v: float) -> float:
        vocab = math.exp(log_v)
        return d * tokens_per_char(vocab) + (n_nv + vocab * d) * (2 * a * log_v + b) / vocab

    low, high = math.log(2), math.log(TOKENS_PER_CHAR_VOCAB_CAP)
    if slope(low) >= 0:
        raise ValueError(
            f"d_model = {d:g} is too wide for {n_nv:.3g} non-vocabulary parameters: the output layer "
            "would dominate every vocabulary size. Check d_model and the parameter count."
        )
    if slope(high) < 0:
        return float(TOKENS_PER_CHAR_VOCAB_CAP)
    return math.exp(_increasing_root(slope, low, high))


def isoloss_loss(non_vocab_params: float, vocab_params: float, tokens: float) -> float:
    """Approach 3's fitted unigram-normalised loss (`approach3_isoloss.py`, paper eq. 5):
    L_u = -5.5328 + 1.8314 / N_nv^0.4466 + 0.1958 / N_v^0.6707 + 2.1241 / D^0.4466, with N_nv
    and N_v in millions and D in billions of tokens. Negative: better than a unigram model.

        isoloss_loss(7e9, 2.439e8, 1.623e11) -> -5.27  (7B at its optimum: V = 59.5K, d = 4096, C_opt)
    """
    n_nv = check_non_vocab_params(non_vocab_params) / 1e6
    n_v = check_quantity("Vocabulary parameters", vocab_params, example="1.3e8", low=1, high=MAX_PARAMS) / 1e6
    d = check_quantity("Training tokens", tokens, example="2e12", low=1, high=MAX_TOKENS) / 1e9
    return (
        -ISOLOSS_E + ISOLOSS_A1 / n_nv**ISOLOSS_ALPHA1 + ISOLOSS_A2 / n_v**ISOLOSS_ALPHA2 + ISOLOSS_B / d**ISOLOSS_BETA
    )
