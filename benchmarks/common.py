"""What every benchmark shares: repeated timing, child processes, the results table and JSON."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"

# The oracle in tests/reference.py reads files with tiktoken.load, which would copy them into
# a cache directory unless this is empty; the Hub stays off.
os.environ.setdefault("TIKTOKEN_CACHE_DIR", "")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(ROOT))


def median_seconds(work: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of `work()` over `repeat` runs, after one warm-up run."""
    work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run_child(module: str, *args: str) -> dict[str, float]:
    """Run `python -m module args` in a fresh process; it prints one JSON object."""
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(title: str, rows: list[dict[str, object]]) -> None:
    """A plain aligned table: benchmark rows with their ratio against the raw library."""
    columns = list(rows[0])
    cells = [[_fmt(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(line[i]) for line in cells)) for i, c in enumerate(columns)]
    print(f"\n{title}")
    for line in [columns, *cells]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip())


def save_results(name: str, rows: list[dict[str, object]]) -> None:
    """Merge `rows` under `name` into benchmarks/results.json."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results[name] = rows
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)
