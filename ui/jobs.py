"""Heavy jobs in line: counting a corpus or training BPE sweeps, at most settings.HEAVY_JOBS at once.

A server on a fraction of a core that counts two visitors' uploads at once finishes neither
sooner and needs twice the memory; so the second visitor waits, told why, and the Streamlit
health check keeps answering because the waiting thread holds no lock but this one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from tokenlab import settings

_slots = threading.BoundedSemaphore(settings.HEAVY_JOBS)
_waiting = 0
_waiting_lock = threading.Lock()


@contextmanager
def heavy_job(what: str) -> Iterator[None]:
    """Run the block when a slot is free; meanwhile show that `what` is queued. Stops the page
    with a message after settings.HEAVY_JOB_QUEUE_S."""
    global _waiting
    if not _slots.acquire(blocking=False):
        with _waiting_lock:
            _waiting += 1
            ahead = _waiting
        notice = st.empty()
        notice.info(
            f"Queued: {what} starts when the server finishes another visitor's job ({ahead} waiting). "
            "The page updates by itself."
        )
        try:
            acquired = _slots.acquire(timeout=settings.HEAVY_JOB_QUEUE_S)
        finally:
            with _waiting_lock:
                _waiting -= 1
            notice.empty()
        if not acquired:
            st.error(
                f"The server stayed busy with other visitors' jobs for {settings.HEAVY_JOB_QUEUE_S // 60} minutes; "
                "try again later."
            )
            st.stop()
    try:
        yield
    finally:
        _slots.release()
