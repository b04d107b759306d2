"""The vocabulary-size sweep: byte-level BPE at 1K-32K on 5 MB of text, against a 2-minute budget.

The corpus is the Python standard library's own source (found through sysconfig), read in
sorted order until 5,000,000 characters: varied, real, and on every machine with Python.
Ordinary BPE at every size plus the superword variant from 8K, one `sweep` call as the app
makes it.

    python -m benchmarks.bench_vocab_sweep
"""

from __future__ import annotations

import os
import sysconfig
import time
from pathlib import Path

from benchmarks.common import print_table, save_results

CHARS = 5_000_000
SIZES = (1_000, 2_000, 4_000, 8_000, 16_000, 32_000)
TRANSITION = 8_000
BUDGET_S = 120.0


def stdlib_text(chars: int = CHARS) -> list[str]:
    """Source files of the standard library, in path order, cut to `chars` characters in all."""
    from tokenlab.vocab.corpus import bounded

    files = []
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        try:
            files.append(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        if sum(map(len, files)) > chars:
            break
    return bounded(files, chars)


def main() -> list[dict[str, object]]:
    from tokenlab.vocab.corpus import split_held_out
    from tokenlab.vocab.sweep import sweep

    train, held_out = split_held_out(stdlib_text())
    started = time.perf_counter()
    result = sweep(train, held_out, SIZES, superword_from=TRANSITION, time_limit_s=BUDGET_S)
    total = time.perf_counter() - started
    rows = [
        {"variant": p.variant, "V": p.vocab_size, "chars/token": p.chars_per_token, "seconds": p.seconds}
        for p in result.points
    ]
    rows.append({"variant": f"all, {os.cpu_count()} CPUs", "V": "", "chars/token": "", "seconds": total})
    print_table(
        f"Vocabulary sweep: {len(result.points)} tokenizers on {result.train_chars:,} + {result.held_out_chars:,} "
        "held-out "
        f"characters (budget {BUDGET_S:.0f} s)",
        rows,
    )
    print(
        f"total {total:.1f} s: {'within' if total < BUDGET_S and not result.stopped else 'OVER'} the {BUDGET_S:.0f} s "
        "budget"
    )
    save_results("vocab_sweep", rows)
    return rows


if __name__ == "__main__":
    main()
