"""Exceptions that tokenlab raises on purpose, each with a message a user can act on.

The app shows `str(error)` with `st.error`, the CLI prints it and exits 1, so every message
says what was wrong and what to do next.
"""

from __future__ import annotations


class TokenlabError(Exception):
    """Base class for errors the user can fix."""


class UnknownTokenizerError(TokenlabError, KeyError):
    """The tokenizer id is not in the bundled catalogue."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class TokenizerLoadError(TokenlabError):
    """A tokenizer file, folder or hub id could not be turned into a tokenizer."""


class InvalidTextError(TokenlabError, ValueError):
    """The input is not text a tokenizer can read (not a str, or not valid Unicode)."""


def first_line(error: BaseException, limit: int = 200) -> str:
    """The first line of a library's error message, bounded, for a message of our own (the
    exception's class name when it says nothing)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:limit]
