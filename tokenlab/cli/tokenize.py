"""The `tokenizers` and `tokenize` commands: the bundled catalogue, and one text's tokens.

python -m tokenlab tokenizers
python -m tokenlab tokenize --tokenizer o200k_base "Hello world"
echo "Hello world" | python -m tokenlab tokenize --tokenizer llama3 --json -
python -m tokenlab tokenize --tokenizer o200k_base --format csv "Hello world"
"""

from __future__ import annotations

import argparse
import json
import sys

import tokenlab
from tokenlab.text.export import segmentations_csv, token_record
from tokenlab.text.segment import Segmentation


def add_tokenize_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `tokenizers` and `tokenize` on the CLI's subcommands."""
    listing = commands.add_parser("tokenizers", help="list the bundled tokenizers")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(command=_list_tokenizers)

    tokenize = commands.add_parser("tokenize", help="show the tokens of a text")
    which = tokenize.add_mutually_exclusive_group(required=True)
    which.add_argument("--tokenizer", "-t", metavar="ID", help="a bundled tokenizer id (see `tokenizers`)")
    which.add_argument("--tokenizer-file", metavar="PATH", help="a tokenizer.json, .tiktoken or SentencePiece .model")
    tokenize.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="a table (the default), CSV (one row per token) or JSON",
    )
    tokenize.add_argument("--json", action="store_true", help="the same as --format json")
    tokenize.add_argument("text", metavar="TEXT", help="the text, or - to read standard input")
    tokenize.set_defaults(command=_tokenize)


def _list_tokenizers(args: argparse.Namespace) -> int:
    rows = [info.summary() for info in tokenlab.list_tokenizers()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    columns = ["id", "name", "algorithm", "vocab_size", "licence"]
    cells = [[f"{row[c]:,}" if c == "vocab_size" else str(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    for line in [columns, *cells]:
        print(
            "  ".join(
                cell.rjust(w) if i == 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
    return 0


def _tokenize(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    if args.tokenizer_file:
        tokenizer = tokenlab.load_tokenizer_file(args.tokenizer_file)
    else:
        tokenizer = tokenlab.load_tokenizer(args.tokenizer)
    segmentation = tokenizer.segment(text)
    if args.json or args.format == "json":
        print(json.dumps(_as_json(segmentation), ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        sys.stdout.write(segmentations_csv([segmentation]))
        return 0
    n_bytes = len(text.encode("utf-8"))
    print(
        f"{tokenizer.id}: {_count(len(segmentation), 'token')}, {_count(len(text), 'character')}, "
        f"{_count(n_bytes, 'byte')}"
    )
    print(f"{'#':>5} {'id':>7} {'start':>6} {'end':>6}  piece")
    for index, token in enumerate(segmentation):
        flags = [
            name for name, on in (("partial", token.partial), (token.kind.value, token.kind.value != "normal")) if on
        ]
        note = f"  ({', '.join(flags)})" if flags else ""
        print(
            f"{index:>5} {token.id:>7} {token.start:>6} {token.end:>6}  "
            f"{json.dumps(token.piece, ensure_ascii=False)}{note}"
        )
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
