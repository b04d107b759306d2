"""Token ids as a person pastes them: a JSON list, or numbers separated by commas or spaces.

Everything a log, a notebook or an API response prints is accepted:

    "[9906, 1917]" -> [9906, 1917]        "9906,1917" -> [9906, 1917]
    "9906 1917\\n0" -> [9906, 1917, 0]      "" -> []

and anything else is refused with the item and what to do, before any tokenizer is involved:
a word, a fraction, a nested list, more ids than `settings.MAX_DECODE_IDS`. Whether each id
is in a vocabulary is the tokenizer's question (`tokenlab.tokenizers.decode`).
"""

from __future__ import annotations

import re

from tokenlab import settings
from tokenlab.errors import InvalidIdsError

#: Commas and whitespace, in any mix: "1, 2", "1 ,2", "1\n2".
_SEPARATORS = re.compile(r"[\s,]+")
#: A whole number as an id can be: no vocabulary has more than 12 digits' worth of ids, and
#: int() of thousands of digits is slow, so longer numbers are refused by their length.
_ID = re.compile(r"[+-]?\d{1,12}")
_NUMBER = re.compile(r"[+-]?\d+")
_SHOWN_CHARS = 20


def _shown(item: str) -> str:
    """An item quoted for a message, cut if long (a pasted paragraph is not repeated back)."""
    return repr(item if len(item) <= _SHOWN_CHARS else item[:_SHOWN_CHARS] + "…")


def parse_ids(raw: str, limit: int = settings.MAX_DECODE_IDS) -> list[int]:
    """The ids in `raw`, in order; InvalidIdsError names the first item that is not an id."""
    body = raw.strip()
    if body.startswith("[") and body.endswith("]"):
        body = body[1:-1]
    if "[" in body or "]" in body:
        raise InvalidIdsError(
            "Paste one flat list of ids, such as [9906, 1917]: brackets may only surround the whole list."
        )
    items = [item for item in _SEPARATORS.split(body) if item]
    if len(items) > limit:
        raise InvalidIdsError(
            f"{len(items):,} items pasted; at most {limit:,} ids are decoded at once. Decode the list in parts."
        )
    ids = []
    for position, item in enumerate(items, start=1):
        if not _NUMBER.fullmatch(item):
            raise InvalidIdsError(
                f"Item {position:,}, {_shown(item)}, is not a whole number. Ids are whole numbers such as 9906, "
                "separated by commas or spaces."
            )
        if not _ID.fullmatch(item) or item.startswith("-"):
            raise InvalidIdsError(
                f"Item {position:,}, {_shown(item)}, cannot be a token id: ids run from 0 to the vocabulary's size."
            )
        ids.append(int(item))
    return ids
