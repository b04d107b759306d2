"""The wire format between the server and a sandbox worker: length-prefixed JSON frames.

    request   {"op": "segment", "key": "<sha256>", "text": "Hello"}
    response  {"ok": true, ...}  or  {"ok": false, "error": "TokenizerLoadError", "message": "..."}

JSON, not pickle: unpickling runs code, and a worker is exactly the process we do not trust.
Bytes travel as base64 of their concatenation plus the lengths that split it again.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Sequence
from typing import Any, BinaryIO

#: A frame's length prefix: 4 bytes, big-endian.
_LENGTH = struct.Struct(">I")
#: Largest frame either side accepts (a 100,000-character segmentation is about 3 MB).
MAX_FRAME_BYTES = 256 * 1024 * 1024


class ProtocolError(Exception):
    """A frame that is not one: cut short, too long, or not a JSON object."""


def encode_frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _LENGTH.pack(len(body)) + body


def frame_length(header: bytes) -> int:
    """The body length a 4-byte header announces, refused beyond MAX_FRAME_BYTES."""
    (length,) = _LENGTH.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise ProtocolError(f"a frame of {length:,} bytes is over the {MAX_FRAME_BYTES:,}-byte limit")
    return int(length)


def decode_body(body: bytes) -> dict[str, Any]:
    try:
        message = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProtocolError(f"a frame is not JSON ({error})") from None
    if not isinstance(message, dict):
        raise ProtocolError("a frame is not a JSON object")
    return message


def read_frame(stream: BinaryIO) -> dict[str, Any] | None:
    """The next message on a blocking stream (the worker's stdin), or None at its end."""
    header = stream.read(_LENGTH.size)
    if not header:
        return None
    if len(header) < _LENGTH.size:
        raise ProtocolError("the stream ended inside a frame header")
    length = frame_length(header)
    body = stream.read(length)
    if len(body) < length:
        raise ProtocolError("the stream ended inside a frame")
    return decode_body(body)


def pack_bytes(pieces: Sequence[bytes]) -> dict[str, Any]:
    return {"data": base64.b64encode(b"".join(pieces)).decode("ascii"), "lengths": [len(p) for p in pieces]}


def unpack_bytes(packed: dict[str, Any]) -> list[bytes]:
    data = base64.b64decode(packed["data"], validate=True)
    pieces, offset = [], 0
    for length in packed["lengths"]:
        pieces.append(data[offset : offset + length])
        offset += length
    if offset != len(data):
        raise ProtocolError("packed bytes and their lengths disagree")
    return pieces
