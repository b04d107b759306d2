"""Corpus profiling: count every document with every tokenizer once, and keep the counts.

Owns batch encoding (encoding.py), per-document counts (doc_counts.py), the DuckDB store
(store.py), `profile_corpus` (profiling.py), results directories of Parquet files (results*.py,
run_record.py) and the Ray engine (ray_engine.py; `import ray` happens only there).

May import: tokenizers, corpora, text, tokenlab.errors, tokenlab.settings, tokenlab.memory.
Never: metrics, charts, scaling, vocab, cli.
"""
