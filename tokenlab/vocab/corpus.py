"""Text for the vocabulary lab: the bundled UDHR or the user's own, as bounded documents.

The trimming simulator counts tokens per document; the size sweep trains on a bounded sample
and measures on held-out documents (every HELD_OUT_EVERY-th one, so the split is the same on
every run and both halves cover every language of a multilingual corpus).
"""

from __future__ import annotations

from tokenlab.corpora.udhr import udhr_paragraph_texts, udhr_versions
from tokenlab.vocab.errors import VocabLabError

#: Pasted or uploaded text is cut into documents of about this many characters at line breaks.
DOCUMENT_CHARS = 2_000
HELD_OUT_EVERY = 10


def udhr_languages() -> dict[str, str]:
    """Code -> name of every UDHR version in the curated subset ("eng" -> "English")."""
    return udhr_versions(subset=True)


def udhr_documents(codes: tuple[str, ...] | list[str]) -> list[str]:
    """The preamble and the 30 articles of each chosen UDHR version, one document each."""
    if not codes:
        raise VocabLabError("Pick at least one UDHR language, or use your own text.")
    unknown = set(codes) - set(udhr_languages())
    ordered = [code for code in udhr_languages() if code in set(codes)] + sorted(unknown)  # file order
    return [text for code in ordered for text in udhr_paragraph_texts(code, subset=True)]


def text_documents(text: str, size: int = DOCUMENT_CHARS) -> list[str]:
    """`text` cut at line breaks into documents of about `size` characters (longer lines stay whole)."""
    if not text.strip():
        raise VocabLabError("The text is empty; paste or upload some text, or pick UDHR languages.")
    documents, current, length = [], [], 0
    for line in text.splitlines(keepends=True):
        current.append(line)
        length += len(line)
        if length >= size:
            documents.append("".join(current))
            current, length = [], 0
    if current:
        documents.append("".join(current))
    return [document for document in documents if document.strip()]


def bounded(documents: list[str], max_chars: int) -> list[str]:
    """Documents from the start, cycling through the list no more than once, until `max_chars`
    characters; the last one is cut to fit."""
    kept, total = [], 0
    for document in documents:
        if total + len(document) >= max_chars:
            kept.append(document[: max_chars - total])
            break
        kept.append(document)
        total += len(document)
    return [document for document in kept if document]


def split_held_out(documents: list[str], every: int = HELD_OUT_EVERY) -> tuple[list[str], list[str]]:
    """(training, held-out): every `every`-th document is held out; at least one on each side."""
    if len(documents) < 2:
        raise VocabLabError("The sweep needs at least two documents (one to train on, one to measure); add more text.")
    held = [d for i, d in enumerate(documents) if i % every == every - 1]
    if not held:
        return documents[:-1], documents[-1:]
    return [d for i, d in enumerate(documents) if i % every != every - 1], held
