"""Pasted and uploaded text: decoded strictly, clipped loudly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab import InvalidTextError
from tokenlab.text.user_text import clip_text, decode_text_upload


def test_utf8_with_bom_is_read() -> None:
    assert decode_text_upload("\ufeffhé".encode("utf-8"), "a.txt") == "hé"


def test_latin1_file_is_rejected_with_the_byte_that_failed() -> None:
    with pytest.raises(InvalidTextError, match=r"^notes.txt is not UTF-8 text \(byte 1 is 0xE9\)"):
        decode_text_upload("héllo".encode("latin-1"), "notes.txt")


def test_binary_file_is_rejected() -> None:
    with pytest.raises(InvalidTextError, match="looks like a binary file"):
        decode_text_upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "cat.txt")


def test_clipping_says_what_happened() -> None:
    text, notice = clip_text("x" * 12, limit=10)
    assert text == "x" * 10
    assert (
        notice
        == "The text has 12 characters; tokenlab segments up to 10 at a time, so only the first 10 are shown and "
        "counted."
    )
    assert clip_text("short", limit=10) == ("short", None)


@given(st.binary(max_size=300))
def test_any_bytes_give_text_or_a_clear_error(data: bytes) -> None:
    try:
        text = decode_text_upload(data, "upload.txt")
    except InvalidTextError as error:
        assert str(error).startswith("upload.txt ")
    else:
        assert text.encode("utf-8") in (data, data.removeprefix(b"\xef\xbb\xbf"))


@given(st.text(), st.integers(min_value=0, max_value=50))
def test_clip_never_exceeds_the_limit(text: str, limit: int) -> None:
    clipped, notice = clip_text(text, limit)
    assert len(clipped) <= limit and text.startswith(clipped)
    assert (notice is None) == (len(text) <= limit)
