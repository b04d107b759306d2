"""Profiling the whole UDHR (530 versions) with every bundled tokenizer: cold, then warm.

Cold: a fresh DuckDB file in a temp dir and one `profile_corpus` call for all of them,
as the Languages page makes it (batch encode, spans, word alignment, counts, the DuckDB
writes). Each library's own batch encode is called directly on the same texts in the same
process, just before; the ratio raw / tokenlab is the share of raw throughput profiling
keeps (target >= 0.80). Per-tokenizer rows split the cold call at the progress callbacks
(a tokenizer's time runs from the previous one's last batch to its own last batch). Warm:
the same request again, answered from the cache, plus the summary query (target < 200 ms).
All of it runs in 3 fresh processes, one after another, since a shared machine's speed drifts
between runs: the ratios of all three are printed, and the median run's table.

    python -m benchmarks.bench_corpus
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import median_seconds, print_table, run_child, save_results

WARM_TARGET_S = 0.200
RUNS = 3
THROUGHPUT_TARGET = 0.80


def raw_batch_encoder(tokenizer_id: str) -> Callable[[list[str]], list[list[int]]]:
    """The library's own batch encode for a bundled tokenizer, built from the bundled file."""
    import sentencepiece as spm
    import tiktoken
    import tiktoken.load
    from tokenizers import Tokenizer as HFTokenizer

    import tokenlab
    from tokenlab import settings

    info = tokenlab.tokenizer_info(tokenizer_id)
    path = settings.TOKENIZER_DIR / info.files[0]
    if info.loader == "tiktoken":
        sidecar = json.loads((settings.TOKENIZER_DIR / info.files[1]).read_text(encoding="utf-8"))
        encoding = tiktoken.Encoding(
            tokenizer_id,
            pat_str=sidecar["pat_str"],
            mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(path)),
            special_tokens={},
        )
        return encoding.encode_ordinary_batch
    if info.loader == "hf-tokenizers":
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        model = HFTokenizer.from_str(raw.decode("utf-8"))
        return lambda texts: [e.ids for e in model.encode_batch_fast(texts, add_special_tokens=False)]
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return spm.SentencePieceProcessor(model_proto=raw).encode


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _child() -> None:
    """One fresh process: raw batch encodes, the cold call, the warm request; prints one JSON object."""
    import tokenlab
    from tokenlab.corpora import udhr
    from tokenlab.metrics import corpus_metrics

    corpus = udhr()
    texts = corpus.texts
    ids = [info.id for info in tokenlab.list_tokenizers()]
    for tokenizer_id in ids:
        tokenlab.load_tokenizer(tokenizer_id)  # loading is bench_load's subject, not this one's
    raw: dict[str, float] = {}
    for tokenizer_id in ids:
        encode = raw_batch_encoder(tokenizer_id)
        encode(texts[:50])  # warm the library's thread pool
        raw[tokenizer_id] = _timed(lambda encode=encode: encode(texts))
    finished: dict[str, float] = {}

    def progress(done: int, total: int, tokenizer_id: str) -> None:
        finished[tokenizer_id] = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="tokenlab-bench-") as tmp:
        store = tokenlab.Store(Path(tmp) / "profiles.duckdb")
        prepare = _timed(lambda: tokenlab.profile_corpus(corpus, [], store=store, baselines=False))
        started = time.perf_counter()
        tokenlab.profile_corpus(corpus, ids, store=store, baselines=False, progress=progress)
        cold = time.perf_counter() - started
        baselines = _timed(lambda: tokenlab.profile_corpus(corpus, [], store=store))

        def warm_request() -> object:
            return corpus_metrics.summary(tokenlab.profile_corpus(corpus, ids, store=store))

        warm = median_seconds(warm_request)
        summary_rows = warm_request().height  # type: ignore[attr-defined]
        store.close()
    # A tokenizer's time runs from the previous one's last batch to its own last batch.
    ends = [started, *(finished[tokenizer_id] for tokenizer_id in ids)]
    print(
        json.dumps(
            {
                "raw": raw,
                "split": {tokenizer_id: ends[i + 1] - ends[i] for i, tokenizer_id in enumerate(ids)},
                "cold": cold,
                "prepare": prepare,
                "baselines": baselines,
                "warm": warm,
                "summary_rows": summary_rows,
                "versions": corpus.documents.get_column("group").n_unique(),
                "articles": len(texts),
                "characters": corpus.characters,
            }
        )
    )


def main() -> list[dict[str, object]]:
    runs = [run_child("benchmarks.bench_corpus", "--child") for _ in range(RUNS)]
    ratios = [sum(run["raw"].values()) / run["cold"] for run in runs]
    run = runs[sorted(range(RUNS), key=ratios.__getitem__)[RUNS // 2]]  # the median run, whole
    rows: list[dict[str, object]] = [
        {
            "tokenizer": tokenizer_id,
            "raw batch s": raw,
            "profile cold s": run["split"][tokenizer_id],
            "throughput vs raw": raw / run["split"][tokenizer_id],
        }
        for tokenizer_id, raw in run["raw"].items()
    ]
    total_raw = sum(run["raw"].values())
    rows.append(
        {
            "tokenizer": f"all {len(run['raw'])}, one call",
            "raw batch s": total_raw,
            "profile cold s": run["cold"],
            "throughput vs raw": total_raw / run["cold"],
        }
    )
    print_table(
        f"Profiling the UDHR ({run['versions']} versions, {run['articles']:,} articles, "
        f"{run['characters']:,} characters), cold: the median of {RUNS} fresh processes",
        rows,
    )
    low, middle, high = sorted(ratios)[0], sorted(ratios)[RUNS // 2], sorted(ratios)[-1]
    extra = [
        {"step": "corpus preparation (hash, word units, documents)", "seconds": run["prepare"], "target": ""},
        {"step": "baselines utf8-bytes + unicode-chars, cold", "seconds": run["baselines"], "target": ""},
        {
            "step": f"warm request: {len(run['raw'])} tokenizers + baselines, summary of {run['summary_rows']} rows "
            "(median of 5)",
            "seconds": run["warm"],
            "target": f"< {WARM_TARGET_S}",
        },
        {
            "step": f"cold throughput vs raw batch encode, all tokenizers (min / median / max of {RUNS} processes)",
            "seconds": f"{low:.3f} / {middle:.3f} / {high:.3f}",
            "target": f">= {THROUGHPUT_TARGET}",
        },
    ]
    print_table("Cold extras and the warm request", extra)
    save_results("corpus", [*rows, *extra])
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child()
    else:
        main()
