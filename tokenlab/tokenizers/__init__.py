"""Bundled tokenizers behind one interface (registry, one adapter per library), plus loaders for
the user's own files and Hub ids; decoding pasted ids (decode.py) and counting a chat with the
bundled chat templates (chat.py). The public names are re-exported by `tokenlab`.

May import: text, tokenlab.errors, tokenlab.settings, tokenlab.memory. Never the engine or its
store: a tokenizer knows nothing of corpora.
"""
