"""What a conversation costs in tokens once a model's own chat template has framed it.

A chat API bills the turns' text plus what the model's template adds around them: role
headers, turn separators, BOS, an empty <think> block. `count_chat` renders the conversation
with the template shipped with the tokenizer (data/tokenizers/chat_templates.json, built by
scripts/build_data.py from the same pinned packages), encodes the prompt with its special
tokens as tokens, and reports the template's share separately:

    added = total - sum(tokens of each turn's content alone)

Templates are Jinja, rendered as transformers renders them (`apply_chat_template`): an
`ImmutableSandboxedEnvironment` with `trim_blocks` and `lstrip_blocks`, the loop controls
extension, a `tojson` filter that does not escape HTML, `raise_exception` and
`strftime_now`, and the tokenizer's special tokens (`bos_token`, ...) as variables. The
sandbox lets a template read its variables and nothing else of the process.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NoReturn

from tokenlab import settings
from tokenlab.errors import ChatTemplateError, InvalidTextError
from tokenlab.text.segment import check_text
from tokenlab.tokenizers.base import Tokenizer
from tokenlab.tokenizers.registry import tokenizer_info

ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class ChatTemplate:
    """A tokenizer's Jinja chat template and the special tokens it may name."""

    tokenizer_id: str
    template: str
    special_tokens: Mapping[str, str] = field(default_factory=dict)
    source: str = ""
    #: Whose template it is, for messages: the tokenizer's name ("Gemma 2").
    name: str = ""


@dataclass(frozen=True)
class ChatCount:
    """One tokenizer's count of a conversation framed by its chat template."""

    tokenizer_id: str
    prompt: str
    #: The prompt cut at its special tokens: (text, special) in order.
    parts: tuple[tuple[str, bool], ...]
    ids: tuple[int, ...]
    #: Tokens of each turn's content encoded alone, in turn order.
    content_tokens: tuple[int, ...]

    @property
    def total(self) -> int:
        return len(self.ids)

    @property
    def content(self) -> int:
        return sum(self.content_tokens)

    @property
    def added(self) -> int:
        """Tokens the template adds: the total less the turns' own content tokens."""
        return self.total - self.content


@cache
def _templates() -> dict[str, ChatTemplate]:
    index_path = settings.TOKENIZER_DIR / "chat_templates.json"
    if not index_path.is_file():
        return {}
    index = json.loads(index_path.read_text(encoding="utf-8"))
    templates = {}
    for entry in index["chat_templates"]:
        data = json.loads((settings.TOKENIZER_DIR / entry["file"]).read_text(encoding="utf-8"))
        name = tokenizer_info(entry["id"]).name
        templates[entry["id"]] = ChatTemplate(
            entry["id"], data["chat_template"], data["special_tokens"], entry["source"], name
        )
    return templates


def chat_template(tokenizer_id: str) -> ChatTemplate | None:
    """The chat template bundled with a tokenizer, or None when its files carry none."""
    return _templates().get(tokenizer_id)


def templated_tokenizers() -> list[str]:
    """Ids of the bundled tokenizers that come with a chat template, in the index's order."""
    return list(_templates())


def _raise_exception(message: str) -> NoReturn:
    import jinja2

    raise jinja2.exceptions.TemplateError(message)


def _tojson(value: Any, ensure_ascii: bool = False, indent: int | None = None, sort_keys: bool = False) -> str:
    return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, sort_keys=sort_keys)


def _strftime_now(format: str) -> str:
    return datetime.now().strftime(format)


@cache
def _compiled(template: str) -> Any:
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    environment.filters["tojson"] = _tojson
    environment.globals.update(raise_exception=_raise_exception, strftime_now=_strftime_now)
    return environment.from_string(template)


def check_messages(messages: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """Turns as plain {"role", "content"} dicts, within settings' limits; a clear error otherwise."""
    if not messages:
        raise InvalidTextError("Add at least one turn to count.")
    if len(messages) > settings.MAX_CHAT_TURNS:
        raise InvalidTextError(
            f"{len(messages):,} turns; at most {settings.MAX_CHAT_TURNS:,} are counted. Remove some turns."
        )
    turns = []
    for number, message in enumerate(messages, start=1):
        role = message.get("role")
        if role not in ROLES:
            raise InvalidTextError(f"Turn {number} has role {role!r}; pick one of {', '.join(ROLES)}.")
        turns.append({"role": str(role), "content": check_text(message.get("content") or "")})
    characters = sum(len(turn["content"]) for turn in turns)
    if characters > settings.MAX_CHAT_CHARS:
        raise InvalidTextError(
            f"The turns hold {characters:,} characters; at most {settings.MAX_CHAT_CHARS:,} are counted together. "
            "Shorten them."
        )
    return turns


def render_chat(
    template: ChatTemplate, messages: Sequence[Mapping[str, str]], add_generation_prompt: bool = False
) -> str:
    """The prompt `template` makes of `messages`, as transformers' `apply_chat_template(...,
    tokenize=False)` renders it; ChatTemplateError when the template refuses the conversation."""
    import jinja2

    turns = check_messages(messages)
    try:
        return str(
            _compiled(template.template).render(
                messages=turns, add_generation_prompt=add_generation_prompt, **template.special_tokens
            )
        )
    except jinja2.exceptions.TemplateError as error:
        whose = template.name or template.tokenizer_id
        raise ChatTemplateError(f"{whose}'s chat template refuses this conversation: {error}") from None


def count_chat(
    tokenizer: Tokenizer,
    template: ChatTemplate,
    messages: Sequence[Mapping[str, str]],
    add_generation_prompt: bool = False,
) -> ChatCount:
    """Tokens of `messages` framed by `template`, and of each turn's content alone."""
    prompt = render_chat(template, messages, add_generation_prompt)
    parts = tokenizer.split_specials(prompt)
    ids = tuple(tokenizer.encode_prompt(prompt))
    content = tuple(len(tokenizer.encode(turn["content"])) for turn in check_messages(messages))
    return ChatCount(tokenizer.id, prompt, tuple((text, special is not None) for text, special in parts), ids, content)
