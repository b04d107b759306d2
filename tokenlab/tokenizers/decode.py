"""Token ids back to text, through the tokenizer's own library, with each id's piece and bytes.

`decode_ids(tokenizer, [9906, 1917])` is what a model's output ids say: the text the
library's decoder gives ("Hello world" for cl100k_base), the same text cut into parts with the
special tokens marked, and one row per id (its piece, bytes and kind). Ids the vocabulary
lacks are refused together, by position, before anything is decoded.

Parts between special tokens are decoded by the library too. A part after the first is
decoded together with the id before it, and that id's own text is then taken off: a
SentencePiece decoder drops the leading space of a text's first piece, which inside a text
is a real space ("<s>▁Hello" decodes to "Hello", but "a<sep>▁b" keeps its " b").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tokenlab.errors import InvalidIdsError, TokenlabError
from tokenlab.text.segment import TokenKind, readable_bytes
from tokenlab.tokenizers.base import Tokenizer

_SHOWN_IDS = 5


@dataclass(frozen=True)
class DecodedId:
    """One id of a decoded list: its position, the bytes of its vocabulary entry and its kind."""

    position: int
    id: int
    bytes: bytes
    kind: TokenKind

    @property
    def piece(self) -> str:
        """The entry as text; bytes that are not valid UTF-8 on their own as <0xNN>."""
        return readable_bytes(self.bytes)

    @property
    def hex(self) -> str:
        """The entry's bytes in hex, space-separated: "e4 bd a0"."""
        return self.bytes.hex(" ")


@dataclass(frozen=True)
class DecodedIds:
    """A list of ids decoded: the library's text, the same text in parts, and every id."""

    tokenizer_id: str
    text: str
    #: (text, special) in order; the specials' texts are their vocabulary entries.
    parts: tuple[tuple[str, bool], ...]
    tokens: tuple[DecodedId, ...]

    def rows(self) -> list[dict[str, object]]:
        """One plain row per id, for a table or a download."""
        return [
            {"position": t.position, "id": t.id, "piece": t.piece, "bytes": t.hex, "kind": t.kind.value}
            for t in self.tokens
        ]


def _missing(tokenizer: Tokenizer, ids: Sequence[int]) -> list[int]:
    """Positions (from 1) of the ids `tokenizer` has no entry for."""
    distinct = sorted(set(ids))
    entries = dict(zip(distinct, tokenizer.entries_bytes(distinct), strict=True))
    unknown = set()
    for token_id, entry in entries.items():
        if entry:
            continue
        if not 0 <= token_id < tokenizer.vocab_size:
            unknown.add(token_id)
            continue
        try:  # an empty entry may be a real one (umT5 has a few): ask for it alone
            tokenizer.token_bytes(token_id)
        except (ValueError, TokenlabError):  # a sandboxed tokenizer's worker answers with the latter
            unknown.add(token_id)
    return [position for position, token_id in enumerate(ids, start=1) if token_id in unknown]


def check_ids(tokenizer: Tokenizer, ids: Sequence[int]) -> None:
    """Raise InvalidIdsError naming the ids `tokenizer`'s vocabulary does not have."""
    positions = _missing(tokenizer, ids)
    if not positions:
        return
    shown = ", ".join(f"{ids[p - 1]} (item {p:,})" for p in positions[:_SHOWN_IDS])
    more = f" and {len(positions) - _SHOWN_IDS:,} more" if len(positions) > _SHOWN_IDS else ""
    raise InvalidIdsError(
        f"{tokenizer.name} has no token with id {shown}{more}: its vocabulary has {tokenizer.vocab_size:,} "
        "entries, counted from 0. Check that the ids come from this tokenizer, or pick the one they came from."
    )


def _decoded_parts(tokenizer: Tokenizer, ids: Sequence[int], kinds: Sequence[TokenKind]) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    start = 0
    for end in [*(i for i, kind in enumerate(kinds) if kind is TokenKind.SPECIAL), len(ids)]:
        if end > start:
            run = list(ids[start:end])
            before = start - 1 if start > 0 and kinds[start - 1] is not TokenKind.SPECIAL else None
            text = tokenizer.decode(run)
            if before is not None:  # in context: keep the run's leading space (see the module docstring)
                alone, joined = tokenizer.decode([ids[before]]), tokenizer.decode([ids[before], *run])
                if joined.startswith(alone):
                    text = joined[len(alone) :]
            parts.append((text, False))
        if end < len(ids):
            parts.append((readable_bytes(tokenizer.token_bytes(ids[end])), True))
        start = end + 1
    return parts


def decode_ids(tokenizer: Tokenizer, ids: Sequence[int]) -> DecodedIds:
    """`ids` decoded by `tokenizer`'s own library, after checking every id is in its vocabulary."""
    check_ids(tokenizer, ids)
    raw = tokenizer.entries_bytes(list(ids))
    kinds = [tokenizer.token_kind(token_id) for token_id in ids]
    tokens = tuple(
        DecodedId(position, token_id, entry, kind)
        for position, (token_id, entry, kind) in enumerate(zip(ids, raw, kinds, strict=True), start=1)
    )
    return DecodedIds(tokenizer.id, tokenizer.decode(list(ids)), tuple(_decoded_parts(tokenizer, ids, kinds)), tokens)
