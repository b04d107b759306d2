"""One text: tokens mapped back to it, and everything shown about a single segmentation.

Owns `Segmentation`/`Token` (segment.py), word units and token-to-word alignment, Unicode
scripts, per-text stats and cost, boundary agreement between tokenizers, the HTML rendering of
token spans and of a text with its special tokens marked (marked.py), share links, exports,
sample texts, the checks on user text and on pasted token ids (ids.py) and the escaping of
visitor strings for Streamlit markdown and plotly (markup.py).

May import: tokenlab.errors, tokenlab.settings. Everything else in tokenlab builds on it.
"""
