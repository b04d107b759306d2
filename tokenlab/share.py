"""The explorer's state as URL query parameters, so a copied link reopens the same view.

    ExplorerState(("o200k_base", "llama3"), view="ids", text="Hi")
    <-> {"tok": "o200k_base,llama3", "view": "ids", "text": "Hi"}

Parameters come from whoever sent the link, so reading them validates everything: unknown
tokenizer ids are dropped (and reported), an unknown view falls back to text. Texts longer
than `MAX_SHARED_TEXT_CHARS` are left out of links, which would otherwise outgrow what
browsers and chat apps keep of a URL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tokenlab.render import VIEWS

MAX_SHARED_TEXT_CHARS = 2000


@dataclass(frozen=True)
class ExplorerState:
    """What the segmentation explorer shows."""

    tokenizers: tuple[str, ...]
    view: str = "text"
    show_whitespace: bool = False
    with_format: bool = False
    text: str | None = None
    dropped: tuple[str, ...] = field(default=(), compare=False)


def state_to_params(state: ExplorerState) -> dict[str, str]:
    """Query parameters for `state` (text only when short enough to share)."""
    params = {"tok": ",".join(state.tokenizers), "view": state.view}
    if state.show_whitespace:
        params["ws"] = "1"
    if state.with_format:
        params["special"] = "1"
    if state.text is not None and len(state.text) <= MAX_SHARED_TEXT_CHARS:
        params["text"] = state.text
    return params


def state_from_params(params: Mapping[str, str], known_ids: Collection[str], default: ExplorerState) -> ExplorerState:
    """The state a link asks for, validated; missing parameters keep `default`'s values."""
    requested = [part.strip() for part in params.get("tok", "").split(",") if part.strip()]
    tokenizers = tuple(dict.fromkeys(tid for tid in requested if tid in known_ids)) or default.tokenizers
    view = params.get("view", default.view)
    text = params.get("text", default.text)
    return ExplorerState(
        tokenizers=tokenizers,
        view=view if view in VIEWS else default.view,
        show_whitespace=params.get("ws", "1" if default.show_whitespace else "0") == "1",
        with_format=params.get("special", "1" if default.with_format else "0") == "1",
        text=text,
        dropped=tuple(tid for tid in requested if tid not in known_ids),
    )
