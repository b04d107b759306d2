"""What the scaling laws recommend for one model: V by each approach, the loss curve of
Approach 3 at a fixed budget, its flat basin, and whether the laws are extrapolated.

Built on `tokenlab.scaling.laws` (the laws themselves); the page, the CLI and the charts read these.

    recommend(7e9, d_model=4096) -> V = 62.3K (isoflops), 67.5K (derivative), 59.5K (isoloss)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tokenlab.scaling import laws


@dataclass(frozen=True)
class Recommendation:
    """One approach's answer; `vocab_size` is None when the approach cannot take the budget."""

    approach: str
    vocab_params: float | None
    vocab_size: float | None
    note: str = ""

    @property
    def label(self) -> str:
        return laws.APPROACHES[self.approach]


def recommend(
    non_vocab_params: float, flops: float | None = None, d_model: float | None = None
) -> tuple[Recommendation, ...]:
    """Every approach's N_v,opt and V_opt for N_nv (and a FLOPs budget, if given).

    A budget other than the compute-optimal one is answered by Approach 3 only; the other two
    come back empty with the reason in `note`.
    """
    d = laws.embedding_dim(non_vocab_params) if d_model is None else d_model
    answers = []
    for approach in laws.APPROACHES:
        if flops is not None and approach != "isoloss":
            answers.append(
                Recommendation(
                    approach, None, None, "assumes the compute-optimal budget; only Approach 3 takes a FLOPs budget"
                )
            )
            continue
        vocab_params = laws.optimal_vocab_params(non_vocab_params, approach, flops)
        answers.append(
            Recommendation(approach, vocab_params, laws.optimal_vocab_size(non_vocab_params, approach, flops, d))
        )
    return tuple(answers)


def short_count(value: float) -> str:
    """A count for people: 69_475_712_000 -> "69.5B", 216_548.9 -> "216.5K", 512 -> "512"."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= scale:
            return f"{value / scale:.{3 if abs(value) < 100 * scale else 4}g}{suffix}"
    return f"{value:.4g}"


_SUFFIXES = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def parse_count(text: str, name: str) -> float:
    """A count typed by a person: "7e9", "7B", "7,000,000,000", "216K" -> float. Range checks
    are the laws' own (`laws.check_quantity`); this only reads the number."""
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not cleaned:
        raise ValueError(f"Enter the {name.lower()}, e.g. 7e9 or 7B.")
    scale = _SUFFIXES.get(cleaned[-1:].upper(), 1.0)
    try:
        return float(cleaned[:-1] if scale != 1.0 else cleaned) * scale
    except ValueError:
        raise ValueError(f"{name}: {text.strip()!r} is not a number; enter e.g. 7e9 or 7B.") from None


def log_grid(low: float, high: float, points: int) -> list[float]:
    """`points` values from `low` to `high`, evenly spaced on a log scale."""
    step = (math.log(high) - math.log(low)) / (points - 1)
    return [math.exp(math.log(low) + i * step) for i in range(points)]


def extrapolation_warning(non_vocab_params: float) -> str | None:
    """A sentence when N_nv lies outside the 33M-3B range the laws were fitted and validated on."""
    low, high = laws.FITTED_NON_VOCAB_PARAMS
    if low <= non_vocab_params <= high:
        return None
    return (
        f"{short_count(non_vocab_params)} non-vocabulary parameters is outside the {short_count(low)}–"
        f"{short_count(high)} range the laws were fitted on (families of 33M–1.13B, validated at 2.87B): "
        "every number here is an extrapolation; read the spread between the three approaches as its uncertainty."
    )


def _isoloss_at(non_vocab_params: float, vocab_params: float, flops: float) -> float:
    """L_u at a fixed budget, the data shrinking as N_v grows: D = C / (6 (N_nv + N_v))."""
    return laws.isoloss_loss(non_vocab_params, vocab_params, flops / (6 * (non_vocab_params + vocab_params)))


def isoloss_curve(non_vocab_params: float, d_model: float, flops: float, vocab_sizes: Sequence[float]) -> list[float]:
    """Approach 3's L_u for each V at budget `flops` (section 4 of the paper: D = C / 6N)."""
    d = laws.check_d_model(d_model)
    return [_isoloss_at(non_vocab_params, vocab * d, flops) for vocab in vocab_sizes]


def flat_basin(non_vocab_params: float, d_model: float, flops: float, tolerance: float = 0.001) -> tuple[float, float]:
    """The smallest and largest V whose Approach 3 loss is within `tolerance` (relative, 0.001 =
    0.1 %) of the optimal loss at this budget: the vocabularies the law cannot tell apart.

        flat_basin(7e9, 4096, 7.05e21) -> (14.4K, 208.8K) around the 59.5K optimum
    """
    tolerance = laws.check_quantity("The tolerance", tolerance, example="0.001 (0.1 %)", low=1e-9, high=0.5)
    d = laws.check_d_model(d_model)
    best = laws.optimal_vocab_params(non_vocab_params, "isoloss", flops)
    lowest = _isoloss_at(non_vocab_params, best, flops)
    ceiling = lowest + tolerance * abs(lowest)

    def excess(log_ratio: float) -> float:
        return _isoloss_at(non_vocab_params, best * math.exp(log_ratio), flops) - ceiling

    # L_u falls until the optimum and rises after it; walk out until it exceeds the ceiling.
    edges = []
    for step in (-1.0, 1.0):
        near, far = 0.0, step
        while excess(far) < 0:
            near, far = far, far * 2
        for _ in range(100):
            middle = (near + far) / 2
            near, far = (middle, far) if excess(middle) < 0 else (near, middle)
        edges.append(best * math.exp((near + far) / 2) / d)
    return edges[0], edges[1]


def optimal_vocab_params_curves(
    low: float, high: float, points: int = 60
) -> tuple[list[float], dict[str, list[float]]]:
    """N_nv from `low` to `high` (log-spaced) and each approach's compute-optimal N_v there."""
    grid = log_grid(low, high, points)
    return grid, {approach: [laws.optimal_vocab_params(n, approach) for n in grid] for approach in laws.APPROACHES}
