"""Loading each bundled tokenizer on its own: seconds and memory, one fresh process each.

The figure a user meets when picking one more tokenizer in the app or the CLI: the registry's
load (sha256 check, gunzip, parse) plus one segmented text, measured against a process that
has imported tokenlab and loaded nothing: "added" is what the tokenizer itself keeps, "added
peak" the most its loading took at once. tokenlab/tokenizers/footprint.py holds these numbers
for the registry's memory budget.

    python -m benchmarks.bench_tokenizer_load [ID ...]
"""

from __future__ import annotations

import json
import resource
import sys
import time

from benchmarks.common import print_table, run_child, save_results

TEXT = "Hello world, 你好世界 123456. नमस्ते! 👍🏽 def f(x): return x ** 2"


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:  # Linux: resident pages now
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _peak_mb() -> float:
    """VmHWM: this process's peak (ru_maxrss would include the parent's, kept across exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def _child(tokenizer_id: str) -> None:
    import tokenlab

    tokenlab.list_tokenizers()
    before = _rss_mb()
    started = time.perf_counter()
    if tokenizer_id != "-":
        tokenlab.load_tokenizer(tokenizer_id)
    loaded = time.perf_counter()
    if tokenizer_id != "-":
        tokenlab.load_tokenizer(tokenizer_id).segment(TEXT)
    from tokenlab.memory import return_freed_memory

    return_freed_memory()  # as the registry does after a load
    print(json.dumps({"load_s": loaded - started, "rss_before_mb": before, "rss_mb": _rss_mb(), "peak_mb": _peak_mb()}))


def main(ids: list[str]) -> list[dict[str, object]]:
    import tokenlab

    rows = []
    for tokenizer_id in ids or [info.id for info in tokenlab.list_tokenizers()]:
        sample = run_child("benchmarks.bench_tokenizer_load", "--child", tokenizer_id)
        rows.append(
            {
                "tokenizer": tokenizer_id,
                "load_s": sample["load_s"],
                "added_rss_mb": sample["rss_mb"] - sample["rss_before_mb"],
                "added_peak_mb": sample["peak_mb"] - sample["rss_before_mb"],
            }
        )
    print_table("Loading one tokenizer in a fresh process", rows)
    save_results("tokenizer_load", rows)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        main(sys.argv[1:])
