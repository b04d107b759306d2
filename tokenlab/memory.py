"""Giving freed memory back to the operating system.

Parsing a 33 MB tokenizer.json or counting a corpus briefly takes hundreds of MB; glibc keeps
most of it in the process heap after Python frees it, so the server's resident memory (what
Streamlit Community Cloud counts) would stay at its peak. Called after such work.
"""

from __future__ import annotations

import ctypes


def return_freed_memory() -> None:
    """Release free heap pages to the OS (glibc's malloc_trim); a no-op without glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
