"""The vocabularies themselves: browsing, scripts, numbers, overlap, trimming, BPE and size sweeps.

May import: tokenizers, corpora, scaling (costs, the paper's f(V)), text, tokenlab.errors,
tokenlab.settings. Never the engine or its store.
"""
