"""Memory of a server and its children, from /proc: what a container's limit counts."""

from __future__ import annotations

from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """`pid` and every live descendant."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended while being read
        found.append(current)
    return found


def tree_memory_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (kB in /proc/<pid>/status) of `pid` and all its descendants, in MB."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for current in process_tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        for line in status.splitlines():
            field, _, value = line.partition(":")
            if field in totals:
                totals[field] += int(value.split()[0]) / 1024
    return totals


def reset_peaks(pid: int) -> None:
    """Start every process of the tree's VmHWM afresh (Linux: 5 > /proc/<pid>/clear_refs)."""
    for current in process_tree(pid):
        try:
            Path(f"/proc/{current}/clear_refs").write_text("5")
        except (FileNotFoundError, ProcessLookupError):
            continue
