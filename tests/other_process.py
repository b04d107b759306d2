"""A second process holding the profile cache's file, as the CLI does while it counts (or a second server)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class OtherProcess:
    """A second process holding a write connection to the cache, as the CLI does while it counts."""

    HOLD = "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('holding', flush=True); sys.stdin.read()"

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", self.HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None and self.process.stdout.readline() == "holding\n"

    def exit(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0
