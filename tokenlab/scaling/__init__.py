"""Vocabulary scaling laws (Tao et al. 2024): the compute-optimal vocabulary for a model.

laws.py is the pure math (the paper's three approaches and their constants); budget.py, cost.py,
models.py and recommendation.py put it in the units people have and against real models. The
laws' public names are re-exported here: `tokenlab.scaling.optimal_vocab_size(7e9, "isoflops")`.

May import: tokenizers, corpora, text, tokenlab.errors, tokenlab.settings. Never the engine or
its store: a recommendation is arithmetic, not a corpus run.
"""

from tokenlab.scaling.laws import APPROACH_METHODS as APPROACH_METHODS
from tokenlab.scaling.laws import APPROACH_NUMBERS as APPROACH_NUMBERS
from tokenlab.scaling.laws import APPROACHES as APPROACHES
from tokenlab.scaling.laws import FITTED_NON_VOCAB_PARAMS as FITTED_NON_VOCAB_PARAMS
from tokenlab.scaling.laws import check_quantity as check_quantity
from tokenlab.scaling.laws import compute_optimal_flops as compute_optimal_flops
from tokenlab.scaling.laws import derivative_root_vocab as derivative_root_vocab
from tokenlab.scaling.laws import embedding_dim as embedding_dim
from tokenlab.scaling.laws import isoloss_loss as isoloss_loss
from tokenlab.scaling.laws import optimal_vocab_params as optimal_vocab_params
from tokenlab.scaling.laws import optimal_vocab_size as optimal_vocab_size
from tokenlab.scaling.laws import tokens_per_char as tokens_per_char

__all__ = [
    "APPROACHES",
    "APPROACH_METHODS",
    "APPROACH_NUMBERS",
    "FITTED_NON_VOCAB_PARAMS",
    "check_quantity",
    "compute_optimal_flops",
    "derivative_root_vocab",
    "embedding_dim",
    "isoloss_loss",
    "optimal_vocab_params",
    "optimal_vocab_size",
    "tokens_per_char",
]
