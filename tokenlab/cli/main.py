"""Command line: the same library the app uses, for scripts, CI and quick checks.

One module per command group: tokenize.py (`tokenizers`, `tokenize`), chat.py (`decode`,
`chat`), vocab.py (`vocab`), corpus.py (`profile`, `metrics`). Each registers its commands; this module parses the
arguments and turns a TokenlabError into a message and exit status 1.

    python -m tokenlab tokenize --tokenizer o200k_base "Hello world"
    tokenlab vocab --non-vocab-params 7e9 --d-model 4096
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import tokenlab
from tokenlab.cli.chat import add_chat_commands
from tokenlab.cli.corpus import add_corpus_commands
from tokenlab.cli.tokenize import add_tokenize_commands
from tokenlab.cli.vocab import add_vocab_commands
from tokenlab.memory import return_large_blocks_on_free


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 a user error, 2 bad arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    return_large_blocks_on_free()  # profiling a corpus then peaks lower, as in the app
    try:
        status: int = args.command(args)
    except tokenlab.TokenlabError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tokenlab", description="Explore LLM tokenizers.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_tokenize_commands(commands)
    add_chat_commands(commands)
    add_vocab_commands(commands)
    add_corpus_commands(commands)
    return parser
