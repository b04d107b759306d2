"""Library error messages quoted inside our own."""

from __future__ import annotations

from tokenlab.errors import first_line


def test_first_line_is_stripped_and_bounded_and_never_empty() -> None:
    assert first_line(ValueError("  bad magic\nat offset 4\n")) == "bad magic"
    assert first_line(OSError("x" * 300)) == "x" * 200
    assert first_line(OSError("x" * 300), 160) == "x" * 160
    assert first_line(RuntimeError("")) == "RuntimeError"  # the results reader used to fail on this
