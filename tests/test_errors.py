"""Library error messages quoted inside our own."""

from __future__ import annotations

import re

import pytest
import tiktoken

from tokenlab.errors import (
    InvalidTextError,
    SegmentationError,
    TokenizerLoadError,
    first_line,
    foreign_errors,
    is_rust_panic,
)


def test_first_line_is_stripped_and_bounded_and_never_empty() -> None:
    assert first_line(ValueError("  bad magic\nat offset 4\n")) == "bad magic"
    assert first_line(OSError("x" * 300)) == "x" * 200
    assert first_line(OSError("x" * 300), 160) == "x" * 160
    assert first_line(RuntimeError("")) == "RuntimeError"  # the results reader used to fail on this


def test_foreign_errors_turn_library_errors_and_rust_panics_into_one_message() -> None:
    ranks = {b"a": 0, b"b": 1}
    with pytest.raises(TokenizerLoadError) as caught, foreign_errors(TokenizerLoadError, "x.json failed", "Try again."):
        tiktoken.Encoding("x", pat_str=r"\w+|.", mergeable_ranks=ranks, special_tokens={}).encode_ordinary("c")
    assert is_rust_panic(caught.value.__cause__)
    assert re.fullmatch(r"x\.json failed \(.+\)\. Try again\.", str(caught.value))
    with pytest.raises(SegmentationError) as failed, foreign_errors(SegmentationError, "s failed"):
        b"\xff".decode()
    assert str(failed.value) == "s failed ('utf-8' codec can't decode byte 0xff in position 0: invalid start byte)."


def test_foreign_errors_let_our_own_errors_and_interrupts_through() -> None:
    with pytest.raises(InvalidTextError, match=r"^as it was$"), foreign_errors(SegmentationError, "s failed"):
        raise InvalidTextError("as it was")
    with pytest.raises(KeyboardInterrupt), foreign_errors(SegmentationError, "s failed"):
        raise KeyboardInterrupt
