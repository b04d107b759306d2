"""The `decode` and `chat` commands: token ids back to text, and a conversation's cost per model.

python -m tokenlab decode --tokenizer o200k_base "[13225, 2375]"
python -m tokenlab chat --tokenizers qwen3,gemma3,llama3 --turn user "What is 2+2?" --turn assistant "4."
echo '[{"role": "user", "content": "Hi"}]' | python -m tokenlab chat --tokenizers deepseek-v3 --show-prompt -
"""

from __future__ import annotations

import argparse
import json
import sys

import tokenlab
from tokenlab.errors import ChatTemplateError, InvalidTextError
from tokenlab.text.ids import parse_ids
from tokenlab.tokenizers.chat import ROLES, chat_template, count_chat
from tokenlab.tokenizers.decode import decode_ids


def add_chat_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `decode` and `chat` on the CLI's subcommands."""
    decode = commands.add_parser("decode", help="turn token ids back into text")
    decode.add_argument("--tokenizer", "-t", metavar="ID", required=True, help="a bundled tokenizer id")
    decode.add_argument("--json", action="store_true", help="print JSON instead of the text and a table")
    decode.add_argument("ids", metavar="IDS", help='"[9906, 1917]", "9906,1917" or "9906 1917", or - for stdin')
    decode.set_defaults(command=_decode)

    chat = commands.add_parser("chat", help="count a conversation with each model's own chat template")
    chat.add_argument("--tokenizers", metavar="IDS", required=True, help="bundled tokenizer ids, comma-separated")
    chat.add_argument(
        "--turn", nargs=2, action="append", metavar=("ROLE", "TEXT"), default=[], help=f"a turn: {', '.join(ROLES)}"
    )
    chat.add_argument("--generation-prompt", action="store_true", help="end with the assistant's turn header")
    chat.add_argument("--show-prompt", action="store_true", help="print each rendered prompt too")
    chat.add_argument(
        "messages", metavar="MESSAGES", nargs="?", help='- to read [{"role": ..., "content": ...}] as JSON from stdin'
    )
    chat.set_defaults(command=_chat)


def _decode(args: argparse.Namespace) -> int:
    raw = sys.stdin.read() if args.ids == "-" else args.ids
    decoded = decode_ids(tokenlab.load_tokenizer(args.tokenizer), parse_ids(raw))
    if args.json:
        print(json.dumps({"tokenizer": decoded.tokenizer_id, "text": decoded.text, "ids": decoded.rows()}, indent=2))
        return 0
    print(decoded.text)
    print(f"{'#':>5} {'id':>7}  {'kind':<7}  {'bytes':<24}  piece")
    for row in decoded.rows():
        print(
            f"{row['position']:>5} {row['id']:>7}  {row['kind']:<7}  {row['bytes']:<24}  "
            f"{json.dumps(row['piece'], ensure_ascii=False)}"
        )
    return 0


def _messages(args: argparse.Namespace) -> list[dict[str, str]]:
    if args.messages != "-":
        return [{"role": role, "content": text} for role, text in args.turn]
    try:
        messages = json.loads(sys.stdin.read())
    except json.JSONDecodeError as error:
        raise InvalidTextError(f"Standard input is not JSON ({error.msg}); give a list of turns.") from None
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise InvalidTextError('Standard input must be a JSON list of {"role": ..., "content": ...} turns.')
    return messages


def _chat(args: argparse.Namespace) -> int:
    messages = _messages(args)
    print(f"{'tokenizer':<16} {'total':>7} {'turns':>7} {'template':>9}")
    prompts = []
    for tokenizer_id in [t.strip() for t in args.tokenizers.split(",") if t.strip()]:
        tokenizer = tokenlab.load_tokenizer(tokenizer_id)
        template = chat_template(tokenizer_id)
        if template is None:
            print(f"{tokenizer_id:<16} no chat template in its bundled files")
            continue
        try:
            counted = count_chat(tokenizer, template, messages, args.generation_prompt)
        except ChatTemplateError as error:
            print(f"{tokenizer_id:<16} {error}")
            continue
        print(f"{tokenizer_id:<16} {counted.total:>7,} {counted.content:>7,} {counted.added:>9,}")
        prompts.append((tokenizer_id, counted.prompt))
    for tokenizer_id, prompt in prompts if args.show_prompt else ():
        print(f"\n--- {tokenizer_id} ---\n{prompt}", end="" if prompt.endswith("\n") else "\n")
    return 0
