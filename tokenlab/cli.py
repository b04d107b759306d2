"""Command line: the same library the app uses, for scripts, CI and quick checks.

    python -m tokenlab tokenizers
    python -m tokenlab tokenize --tokenizer o200k_base "Hello world"
    echo "Hello world" | python -m tokenlab tokenize --tokenizer llama3 --json -
    python -m tokenlab vocab --non-vocab-params 7e9 --d-model 4096
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import tokenlab
from tokenlab.corpus_cli import add_corpus_commands
from tokenlab.export import token_record
from tokenlab.memory import return_large_blocks_on_free
from tokenlab.scaling import compute_optimal_flops, embedding_dim
from tokenlab.scaling_recommendation import extrapolation_warning, recommend, short_count
from tokenlab.segment import Segmentation


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 a user error, 2 bad arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    return_large_blocks_on_free()  # profiling a corpus then peaks lower, as in the app
    try:
        return args.command(args)
    except tokenlab.TokenlabError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tokenlab", description="Explore LLM tokenizers.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    listing = commands.add_parser("tokenizers", help="list the bundled tokenizers")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(command=_list_tokenizers)

    tokenize = commands.add_parser("tokenize", help="show the tokens of a text")
    which = tokenize.add_mutually_exclusive_group(required=True)
    which.add_argument("--tokenizer", "-t", metavar="ID", help="a bundled tokenizer id (see `tokenizers`)")
    which.add_argument("--tokenizer-file", metavar="PATH", help="a tokenizer.json, .tiktoken or SentencePiece .model")
    tokenize.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tokenize.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    tokenize.set_defaults(command=_tokenize)

    vocab = commands.add_parser("vocab", help="recommend the compute-optimal vocabulary size (Tao et al. 2024)")
    vocab.add_argument("--non-vocab-params", type=float, required=True, metavar="N",
                       help="parameters outside the embedding matrices, e.g. 7e9")  # fmt: skip
    vocab.add_argument("--flops", type=float, metavar="C", help="training budget in FLOPs (default: compute-optimal)")
    vocab.add_argument("--d-model", type=float, metavar="D", help="model width (default: the paper's width for this size)")
    vocab.set_defaults(command=_vocab)
    add_corpus_commands(commands)
    return parser


def _list_tokenizers(args: argparse.Namespace) -> int:
    rows = [info.summary() for info in tokenlab.list_tokenizers()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    columns = ["id", "name", "algorithm", "vocab_size", "licence"]
    cells = [[f"{row[c]:,}" if c == "vocab_size" else str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    for line in [columns, *cells]:
        print("  ".join(cell.rjust(w) if i == 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
    return 0


def _tokenize(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if args.tokenizer_file:
        tokenizer = tokenlab.load_tokenizer_file(args.tokenizer_file)
    else:
        tokenizer = tokenlab.load_tokenizer(args.tokenizer)
    segmentation = tokenizer.segment(text)
    if args.json:
        print(json.dumps(_as_json(segmentation), ensure_ascii=False, indent=2))
        return 0
    n_bytes = len(text.encode("utf-8"))
    print(f"{tokenizer.id}: {_count(len(segmentation), 'token')}, {_count(len(text), 'character')}, {_count(n_bytes, 'byte')}")
    print(f"{'#':>5} {'id':>7} {'start':>6} {'end':>6}  piece")
    for index, token in enumerate(segmentation):
        flags = [name for name, on in (("partial", token.partial), (token.kind.value, token.kind.value != "normal")) if on]
        note = f"  ({', '.join(flags)})" if flags else ""
        print(f"{index:>5} {token.id:>7} {token.start:>6} {token.end:>6}  {json.dumps(token.piece, ensure_ascii=False)}{note}")
    return 0


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
    print(f"N_nv {short_count(args.non_vocab_params)}, d {d_model:g} ({width_source}), {budget:.3g} FLOPs ({budget_source})")
    label_width = max(len(answer.label) for answer in answers)
    print(f"{'approach':<{label_width}}  {'V':>9}  {'N_v':>15}")
    for answer in answers:
        if answer.vocab_size is None:
            print(f"{answer.label:<{label_width}}  {'-':>9}  {'-':>15}  ({answer.note})")
        else:
            print(f"{answer.label:<{label_width}}  {int(answer.vocab_size):>9,}  {int(answer.vocab_params):>15,}")
    warning = extrapolation_warning(args.non_vocab_params)
    if warning:
        print(f"note: {warning}")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _as_json(segmentation: Segmentation) -> dict[str, object]:
    return {
        "tokenizer": segmentation.tokenizer_id,
        "text": segmentation.text,
        "count": len(segmentation),
        "tokens": [token_record(token) for token in segmentation],
        "uncovered": segmentation.gaps(),
    }
