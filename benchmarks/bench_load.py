"""Loading every bundled tokenizer: time and resident memory, tokenlab against the raw libraries.

Each side runs in a fresh process (memory is per process). "tokenlab" loads all 15 through
the registry (sha256 checks included) and segments one text with each; "raw" loads the same
files with tiktoken / tokenizers / sentencepiece directly and encodes the same text. Resident
memory is read after the loads (what stays in use) and as the process peak (parsing Gemma 3's
33 MB tokenizer.json briefly needs ~350 MB more).

    python -m benchmarks.bench_load
"""

from __future__ import annotations

import json
import resource
import sys
import time

from benchmarks.common import print_table, run_child, save_results

TEXT = "Hello world, 你好世界 123456. नमस्ते! 👍🏽 def f(x): return x ** 2"
RUNS = 3


def _child(side: str) -> None:
    import tokenlab

    ids = [info.id for info in tokenlab.list_tokenizers()]
    started = time.perf_counter()
    if side == "tokenlab":
        for tokenizer_id in ids:
            tokenlab.load_tokenizer(tokenizer_id)
        loaded = time.perf_counter()
        for tokenizer_id in ids:
            tokenlab.load_tokenizer(tokenizer_id).segment(TEXT)
    else:
        from tests.reference import reference_encoder

        encoders = [reference_encoder(tokenizer_id) for tokenizer_id in ids]
        loaded = time.perf_counter()
        for encode in encoders:
            encode(TEXT)
    used = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open("/proc/self/statm") as statm:  # Linux: resident pages now, after the loads
        rss_mb = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    print(
        json.dumps(
            {
                "load_s": loaded - started,
                "load_and_use_s": used - started,
                "rss_after_mb": rss_mb,
                "peak_rss_mb": peak_mb,
            }
        )
    )


def main() -> list[dict[str, object]]:
    samples = {
        side: [run_child("benchmarks.bench_load", "--child", side) for _ in range(RUNS)] for side in ("tokenlab", "raw")
    }
    rows = []
    for metric in ("load_s", "load_and_use_s", "rss_after_mb", "peak_rss_mb"):
        ours = sorted(s[metric] for s in samples["tokenlab"])[RUNS // 2]
        raw = sorted(s[metric] for s in samples["raw"])[RUNS // 2]
        rows.append({"all 15 tokenizers": metric, "tokenlab": ours, "raw libraries": raw, "ratio": ours / raw})
    print_table(f"Loading all bundled tokenizers (median of {RUNS} fresh processes)", rows)
    save_results("load", rows)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        main()
