"""Freed memory goes back to the operating system: the server's resident size is what the host counts.

Each case runs in a fresh interpreter, so glibc's allocator starts from its defaults.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Frees a 16 MB block (glibc then raises its mmap threshold to 16 MB), then allocates and frees
#: an 8 MB block; prints how many kB of resident memory that last free gave back.
CHILD = """
import sys
from tokenlab.memory import return_large_blocks_on_free

def resident_kb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

if sys.argv[1] == "fixed":
    assert return_large_blocks_on_free()
first = bytearray(16 << 20)
del first
block = bytearray(8 << 20)
before = resident_kb()
del block
print(before - resident_kb())
"""

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's allocator only")


def returned_kb(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_glibc_alone_keeps_a_freed_8_mb_block_after_a_16_mb_one() -> None:
    assert returned_kb("default") < 1024


def test_with_a_fixed_threshold_the_freed_block_goes_back_at_once() -> None:
    assert returned_kb("fixed") >= 8 * 1024 - 64
