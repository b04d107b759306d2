"""Corpus metrics, defined once: compression, fertility, parity, utilisation, budgets, fairness.

corpus_metrics.py holds the formulas (SQL over a profile's stored counts, with their sources);
fairness.py and budget.py shape them per language and per domain; languages.py describes the
per-language metrics and reshapes their tables without touching the store (charts use it);
table_export.py writes any result table with what is needed to reproduce it.

May import: engine (its `Profile`), tokenizers, corpora, text, tokenlab.errors, tokenlab.settings.
"""
