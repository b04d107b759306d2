"""Exceptions that tokenlab raises on purpose, each with a message a user can act on.

The app shows `str(error)` with `st.error`, the CLI prints it and exits 1, so every message
says what was wrong and what to do next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


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


class InvalidIdsError(TokenlabError, ValueError):
    """A pasted list of token ids that cannot be decoded: not whole numbers, too many, or ids
    the tokenizer's vocabulary does not have."""


class ChatTemplateError(TokenlabError):
    """A chat template refused a conversation (Gemma 2 has no system turn) or failed to render."""


class SegmentationError(TokenlabError):
    """A tokenizer's library failed on a text (a user's tokenizer file that loads but cannot encode)."""


def first_line(error: BaseException, limit: int = 200) -> str:
    """The first line of a library's error message, bounded, for a message of our own (the
    exception's class name when it says nothing)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:limit]


def is_rust_panic(error: BaseException) -> bool:
    """Whether `error` is a Rust panic raised through pyo3 (tokenizers, tiktoken, polars):
    `pyo3_runtime.PanicException`, a BaseException that `except Exception` misses, and a class
    of its own in each extension module, so it is known by name."""
    kind = type(error)
    return kind.__name__ == "PanicException" and kind.__module__ == "pyo3_runtime"


@contextmanager
def foreign_errors(error_type: type[TokenlabError], message: str, hint: str = "") -> Iterator[None]:
    """Any error a library raises inside the block (a Rust panic included) as `error_type`:
    "<message> (<the library's first line>). <hint>" Used where a visitor's bytes reach a parser or an
    encoder, since a broken file can make a library fail in ways no one lists in advance."""
    try:
        yield
    except (TokenlabError, MemoryError):
        raise  # running out of memory is the process's limit, not a fault of the bytes (the sandbox says so)
    except BaseException as error:
        if not (isinstance(error, Exception) or is_rust_panic(error)):
            raise  # KeyboardInterrupt, SystemExit, Streamlit's stop and rerun
        raise error_type(f"{message} ({first_line(error)}). {hint}".strip()) from error
