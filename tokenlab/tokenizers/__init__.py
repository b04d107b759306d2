"""Bundled tokenizers behind one interface (registry, adapters per library), plus loaders for the
user's own files and Hub ids. The public names are re-exported by `tokenlab`."""
