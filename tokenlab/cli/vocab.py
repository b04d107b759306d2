"""The `vocab` command: the compute-optimal vocabulary size of the scaling laws (Tao et al. 2024).

python -m tokenlab vocab --non-vocab-params 7e9 --d-model 4096
"""

from __future__ import annotations

import argparse
import sys

from tokenlab.scaling import compute_optimal_flops, embedding_dim
from tokenlab.scaling.recommendation import extrapolation_warning, recommend, short_count


def add_vocab_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `vocab` on the CLI's subcommands."""
    vocab = commands.add_parser("vocab", help="recommend the compute-optimal vocabulary size (Tao et al. 2024)")
    vocab.add_argument(
        "--non-vocab-params",
        type=float,
        required=True,
        metavar="N",
        help="parameters outside the embedding matrices, e.g. 7e9",
    )
    vocab.add_argument("--flops", type=float, metavar="C", help="training budget in FLOPs (default: compute-optimal)")
    vocab.add_argument(
        "--d-model", type=float, metavar="D", help="model width (default: the paper's width for this size)"
    )
    vocab.set_defaults(command=_vocab)


def _vocab(args: argparse.Namespace) -> int:
    """Each approach's V and N_v = V*d, e.g. `vocab --non-vocab-params 7e9` -> 62,280 / 67,450 / 59,547."""
    try:
        answers = recommend(args.non_vocab_params, args.flops, args.d_model)
        d_model = embedding_dim(args.non_vocab_params) if args.d_model is None else args.d_model
        budget = compute_optimal_flops(args.non_vocab_params) if args.flops is None else args.flops
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    width_source = "the paper's width for this size; set it with --d-model" if args.d_model is None else "given"
    budget_source = "compute-optimal" if args.flops is None else "given"
    print(
        f"N_nv {short_count(args.non_vocab_params)}, d {d_model:g} ({width_source}), {budget:.3g} FLOPs "
        f"({budget_source})"
    )
    label_width = max(len(answer.label) for answer in answers)
    print(f"{'approach':<{label_width}}  {'V':>9}  {'N_v':>15}")
    for answer in answers:
        if answer.vocab_size is None or answer.vocab_params is None:
            print(f"{answer.label:<{label_width}}  {'-':>9}  {'-':>15}  ({answer.note})")
        else:
            print(f"{answer.label:<{label_width}}  {int(answer.vocab_size):>9,}  {int(answer.vocab_params):>15,}")
    warning = extrapolation_warning(args.non_vocab_params)
    if warning:
        print(f"note: {warning}")
    return 0
