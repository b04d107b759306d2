"""The explorer's state as URL query parameters, so a copied link reopens the same view.

    ExplorerState(("o200k_base", "llama3"), view="ids", text="Hi", reference="llama3")
    <-> {"tok": "o200k_base,llama3", "view": "ids", "ref": "llama3", "text": "Hi"}

Parameters come from whoever sent the link, so reading them validates everything: unknown
tokenizer ids are dropped (and reported), an unknown view falls back to text, and a reference
that is not one of the link's tokenizers falls back to the first of them. A text longer
than `MAX_SHARED_TEXT_CHARS` would outgrow what browsers and chat apps keep of a URL, so the
link carries its key instead (`text_key`: the first 32 hex digits of its SHA-256), and the
app keeps the text itself on the server (the profile cache's `shared_texts`) for
`settings.SHARED_TEXT_RETENTION_S`; texts over `settings.MAX_TEXT_CHARS` are not kept.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tokenlab import settings
from tokenlab.text.render import VIEWS

MAX_SHARED_TEXT_CHARS = 2000
#: The query parameter of a text kept on the server, and the form of its value.
TEXT_KEY_PARAM = "text_key"
TEXT_KEY = re.compile(r"[0-9a-f]{32}")
RETENTION_DAYS = round(settings.SHARED_TEXT_RETENTION_S / 86400)
MISSING_TEXT = (
    f"This link's text is not on this server: texts too long for a link are kept for {RETENTION_DAYS} days "
    "after they were last shared or opened (and, on a server that keeps its cache in memory, until it "
    "restarts). Ask the sender to open their link again, or paste the text."
)


def text_key(text: str) -> str:
    """The key a text is kept under and a link names: the first 32 hex digits of its UTF-8 SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def is_text_key(value: str) -> bool:
    """Whether a link's `text_key` value has the form of a key (anything else is never looked up)."""
    return TEXT_KEY.fullmatch(value) is not None


def text_params(text: str) -> dict[str, str]:
    """How `text` travels in a link: itself when short, its key when the server can keep it, else not at all."""
    if len(text) <= MAX_SHARED_TEXT_CHARS:
        return {"text": text}
    if len(text) <= settings.MAX_TEXT_CHARS:
        return {TEXT_KEY_PARAM: text_key(text)}
    return {}


def text_travel_note(text: str, what: str = "Your text") -> str:
    """One sentence for a "Copy link" box: whether and how `text` goes with the link."""
    chars = f"{what} ({len(text):,} character{'' if len(text) == 1 else 's'})"
    if len(text) <= MAX_SHARED_TEXT_CHARS:
        return f"{chars} is in the link itself."
    if len(text) <= settings.MAX_TEXT_CHARS:
        return f"{chars} is kept on this server for {RETENTION_DAYS} days under its hash, which the link carries."
    return f"{chars} is too long to keep for a link (at most {settings.MAX_TEXT_CHARS:,}) and stays out of it."


@dataclass(frozen=True)
class ExplorerState:
    """What the segmentation explorer shows. `text_key` names a text kept on the server (a
    link's long text, not yet looked up)."""

    tokenizers: tuple[str, ...]
    view: str = "text"
    show_whitespace: bool = False
    with_format: bool = False
    text: str | None = None
    #: The tokenizer the others are compared with ("× reference"); None means the first.
    reference: str | None = None
    dropped: tuple[str, ...] = field(default=(), compare=False)
    text_key: str | None = None

    def __post_init__(self) -> None:
        # One spelling per state: the first tokenizer, or one not chosen, is no reference of its own.
        if self.reference not in self.tokenizers[1:]:
            object.__setattr__(self, "reference", None)

    @property
    def reference_id(self) -> str:
        """The tokenizer the others are compared with: the one picked, else the first."""
        return self.reference or self.tokenizers[0]


def state_to_params(state: ExplorerState) -> dict[str, str]:
    """Query parameters for `state` (the text as `text_params` says)."""
    params = {"tok": ",".join(state.tokenizers), "view": state.view}
    if state.reference is not None:
        params["ref"] = state.reference
    if state.show_whitespace:
        params["ws"] = "1"
    if state.with_format:
        params["special"] = "1"
    if state.text is not None:
        params |= text_params(state.text)
    return params


def state_from_params(params: Mapping[str, str], known_ids: Collection[str], default: ExplorerState) -> ExplorerState:
    """The state a link asks for, validated; missing parameters keep `default`'s values. A
    well-formed `text_key` (and no `text`) leaves the text to be looked up by the caller."""
    requested = [part.strip() for part in params.get("tok", "").split(",") if part.strip()]
    tokenizers = tuple(dict.fromkeys(tid for tid in requested if tid in known_ids)) or default.tokenizers
    view = params.get("view", default.view)
    key = params.get(TEXT_KEY_PARAM, "")
    linked_key = key if "text" not in params and is_text_key(key) else None
    return ExplorerState(
        tokenizers=tokenizers,
        view=view if view in VIEWS else default.view,
        show_whitespace=params.get("ws", "1" if default.show_whitespace else "0") == "1",
        with_format=params.get("special", "1" if default.with_format else "0") == "1",
        text=None if linked_key else params.get("text", default.text),
        reference=params.get("ref", default.reference),
        dropped=tuple(tid for tid in requested if tid not in known_ids),
        text_key=linked_key,
    )
