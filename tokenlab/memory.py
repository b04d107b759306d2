"""Giving freed memory back to the operating system.

Parsing a 33 MB tokenizer.json or counting a corpus briefly takes hundreds of MB; glibc keeps
most of it in the process heap after Python frees it, so the server's resident memory (what
Streamlit Community Cloud counts) would stay at its peak. `return_freed_memory` is called after
such work; the app also calls `return_large_blocks_on_free` before any, so that large blocks
never settle in a heap in the first place.
"""

from __future__ import annotations

import ctypes
from functools import cache

from tokenlab import settings

#: mallopt's parameter number for the mmap threshold (M_MMAP_THRESHOLD in glibc's malloc.h).
_M_MMAP_THRESHOLD = -3


@cache
def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def return_freed_memory() -> None:
    """Release free heap pages to the OS (glibc's malloc_trim); a no-op without glibc."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def return_large_blocks_on_free(threshold: int = settings.MALLOC_MMAP_THRESHOLD) -> bool:
    """Give each block of `threshold` bytes or more a mapping of its own, unmapped when it is
    freed; False (nothing changed) without glibc.

    glibc starts at 128 KB but raises its threshold to the size of every large block freed, up
    to 32 MB: after the first corpus batch, the arrays and encoder buffers of a few MB each are
    cut from the heap of whichever thread asked, and once freed they stay there, fenced in by
    small live blocks that malloc_trim cannot move. A fixed threshold also stops that raising.
    The price is a system call per large block, nothing next to tokenising one.
    """
    libc = _libc()
    return libc is not None and hasattr(libc, "mallopt") and libc.mallopt(_M_MMAP_THRESHOLD, threshold) == 1
