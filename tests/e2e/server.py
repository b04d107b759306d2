"""A real `streamlit run app.py` on a free localhost port, for the browser tests and the benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Server:
    """A running server: its base URL, process id, seconds until it first answered, and what it
    has logged so far (`output()`)."""

    url: str
    pid: int
    ready_s: float
    output: Callable[[], str]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@contextmanager
def serve(directory: Path, env: Mapping[str, str] | None = None, prefix: Sequence[str] = ()) -> Iterator[Server]:
    """`streamlit run app.py` with a profile cache and a Hub cache of its own in `directory` (never
    the user's ~/.cache, whose counts could hide a counting change), extra `env`, and the command after
    `prefix` (e.g. `taskset -c 0`); stopped when the block ends."""
    port = free_port()
    # TOKENLAB_DATA_DIR, if set, passes through; the suite's unlimited tokenizer budget does not.
    environment = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TOKENLAB_DB": str(directory / "profiles.duckdb"),
        "TOKENLAB_HUB_CACHE": str(directory / "hub"),
    }
    environment.pop("TOKENLAB_TOKENIZER_BUDGET_MB", None)
    environment.update(env or {})
    command = [*prefix, sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
    command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    # Edits to the working tree during a run must not show a "Source file changed" prompt in the
    # page under test (nor rerun it): the server runs the code it started with.
    command += ["--server.fileWatcherType", "none"]
    url = f"http://127.0.0.1:{port}"
    # A file, not a pipe: a full pipe would block the server.
    with tempfile.TemporaryFile(mode="w+b") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)

        def output() -> str:
            log.seek(0)
            return log.read().decode(errors="replace")

        try:
            while not healthy(url):
                if process.poll() is not None:
                    status = process.returncode
                    raise RuntimeError(f"streamlit exited with status {status} before answering:\n{output()}")
                if time.perf_counter() - started > START_TIMEOUT_S:
                    raise RuntimeError(f"streamlit did not answer {url} within {START_TIMEOUT_S:.0f} s:\n{output()}")
                time.sleep(0.05)
            yield Server(url, process.pid, time.perf_counter() - started, output)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
