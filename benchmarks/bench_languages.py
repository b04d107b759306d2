"""Opening the Languages page with its default selection: cold (empty cache), then warm.

Drives the real page with Streamlit's AppTest against a fresh DuckDB file in a temp dir, in a
fresh process (so tokenizers are loaded too): cold = the first run, which profiles the 97
curated UDHR languages with the six default tokenizers plus the A-vs-B pair behind a progress
bar (target < 60 s on 2 cores); warm = the page opened again by a new session, answered from
the store and Streamlit's caches (target < 2 s, median of 3).

    python -m benchmarks.bench_languages
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, median_seconds, print_table, save_results

COLD_TARGET_S = 60.0
WARM_TARGET_S = 2.0


def main() -> list[dict[str, object]]:
    from streamlit.testing.v1 import AppTest

    import tokenlab
    import tokenlab.engine.store

    def open_page() -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.switch_page("pages/languages.py")
        at.run()
        assert not at.exception, at.exception
        return at

    with tempfile.TemporaryDirectory(prefix="tokenlab-bench-") as tmp:
        store = tokenlab.Store(Path(tmp) / "profiles.duckdb")
        tokenlab.engine.store.default_store = lambda: store
        started = time.perf_counter()
        open_page()
        cold = time.perf_counter() - started
        warm = median_seconds(open_page, repeat=3)
        runs = store.runs_written
        store.close()
    rows = [
        {
            "step": f"Languages page, default selection, cold ({runs} tokenizer runs counted)",
            "seconds": cold,
            "target": f"< {COLD_TARGET_S:.0f}",
        },
        {
            "step": "Languages page, default selection, warm (new session, median of 3)",
            "seconds": warm,
            "target": f"< {WARM_TARGET_S:.0f}",
        },
    ]
    print_table("Opening the Languages page (AppTest, fresh DuckDB)", rows)
    save_results("languages", rows)
    return rows


if __name__ == "__main__":
    main()
