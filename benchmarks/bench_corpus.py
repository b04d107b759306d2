"""Profiling the whole UDHR (532 versions) with all 15 tokenizers: cold, then warm.

Cold: a fresh DuckDB file in a temp dir and one `profile_corpus` call for all 15 tokenizers,
as the Languages page makes it (batch encode, spans, word alignment, counts, the DuckDB
writes). Each library's own batch encode is called directly on the same texts in the same
process, just before; the ratio raw / tokenlab is the share of raw throughput profiling
keeps (target >= 0.80). Per-tokenizer rows split the cold call at the progress callbacks
(a tokenizer's time runs from the previous one's last batch to its own last batch). Warm:
the same request again, answered from the cache, plus the summary query (target < 200 ms).

    python -m benchmarks.bench_corpus
"""

from __future__ import annotations

import gzip
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import median_seconds, print_table, save_results

WARM_TARGET_S = 0.200
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
        encoding = tiktoken.Encoding(tokenizer_id, pat_str=sidecar["pat_str"],
                                     mergeable_ranks=tiktoken.load.load_tiktoken_bpe(str(path)), special_tokens={})
        return encoding.encode_ordinary_batch
    if info.loader == "hf-tokenizers":
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        model = HFTokenizer.from_str(raw.decode("utf-8"))
        return lambda texts: [e.ids for e in model.encode_batch_fast(texts, add_special_tokens=False)]
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return processor.encode


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> list[dict[str, object]]:
    import tokenlab
    from tokenlab import corpus_metrics
    from tokenlab.corpora import udhr

    corpus = udhr()
    texts = corpus.texts
    ids = [info.id for info in tokenlab.list_tokenizers()]
    for tokenizer_id in ids:
        tokenlab.load_tokenizer(tokenizer_id)  # loading is bench_load's subject, not this one's
    raw: dict[str, float] = {}
    for tokenizer_id in ids:
        encode = raw_batch_encoder(tokenizer_id)
        encode(texts[:50])  # warm the library's thread pool
        raw[tokenizer_id] = _timed(lambda: encode(texts))
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
    rows: list[dict[str, object]] = []
    previous = started
    for tokenizer_id in ids:
        seconds = finished[tokenizer_id] - previous
        previous = finished[tokenizer_id]
        rows.append({"tokenizer": tokenizer_id, "raw batch s": raw[tokenizer_id], "profile cold s": seconds,
                     "throughput vs raw": raw[tokenizer_id] / seconds})
    total_raw = sum(raw.values())
    rows.append({"tokenizer": f"all {len(ids)}, one call", "raw batch s": total_raw, "profile cold s": cold,
                 "throughput vs raw": total_raw / cold})
    print_table(f"Profiling the UDHR ({corpus.documents.get_column('group').n_unique()} versions, "
                f"{len(texts):,} articles, {corpus.characters:,} characters), cold", rows)
    extra = [
        {"step": "corpus preparation (hash, word units, documents)", "seconds": prepare, "target": ""},
        {"step": "baselines utf8-bytes + unicode-chars, cold", "seconds": baselines, "target": ""},
        {"step": f"warm request: {len(ids)} tokenizers + baselines, summary of {summary_rows} rows (median of 5)",
         "seconds": warm, "target": f"< {WARM_TARGET_S}"},
        {"step": "cold throughput vs raw batch encode, all tokenizers", "seconds": total_raw / cold,
         "target": f">= {THROUGHPUT_TARGET}"},
    ]
    print_table("Cold extras and the warm request", extra)
    save_results("corpus", [*rows, *extra])
    return rows


if __name__ == "__main__":
    main()
