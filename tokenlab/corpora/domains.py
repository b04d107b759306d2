"""Domain corpora, so that a tokenizer's cost on code, legal text, technical prose and maths
can be compared with its cost on natural language. Nothing here is downloaded:

- code: the standard library source of the running Python (PSF licence) plus a small
  multi-language sample written for tokenlab;
- legal: the licence texts bundled in data/licenses plus the English UDHR;
- prose: the reference topics of `pydoc_data` (the text `help("if")` shows);
- math: LaTeX written for tokenlab.

Each is capped at `settings.DOMAIN_CORPUS_CHARS` characters so profiling stays interactive.
Python files are clipped at a line boundary so that the budget covers many modules, not
the first few long ones.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Iterable, Iterator
from pathlib import Path

from tokenlab import settings
from tokenlab.corpora.code_samples import CODE_SAMPLES
from tokenlab.corpora.corpus import Corpus
from tokenlab.corpora.latex_samples import LATEX_SAMPLES
from tokenlab.corpora.udhr import udhr

PYTHON_FILE_CHARS = 8_000


def _within_budget(rows: Iterable[tuple[str, str, str]], budget: int) -> Iterator[tuple[str, str, str]]:
    """Rows until their texts reach `budget` characters (the last one clipped)."""
    for group, part, text in rows:
        if budget <= 0:
            return
        yield group, part, text[:budget]
        budget -= len(text)


def _clip_lines(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit)
    return text[: cut + 1 if cut > 0 else limit]


def _python_stdlib() -> Iterator[tuple[str, str, str]]:
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            yield "python", path.name, _clip_lines(path.read_text(encoding="utf-8"), PYTHON_FILE_CHARS)
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable file in someone's stdlib is not worth failing the corpus


def code_corpus() -> Corpus:
    """Python stdlib modules (group "python") and one program per other language."""
    samples = [(language, "sample", text) for language, text in CODE_SAMPLES.items()]
    budget = settings.DOMAIN_CORPUS_CHARS - sum(len(text) for *_, text in samples)
    return Corpus.from_rows("code", [*samples, *_within_budget(_python_stdlib(), budget)])


def legal_corpus() -> Corpus:
    """The bundled licence texts (group "licences") and the English UDHR (group "eng")."""
    licences = [("licences", path.name, path.read_text(encoding="utf-8"))
                for path in sorted((settings.DATA_DIR / "licenses").glob("*.txt"))]
    english = udhr(["eng"]).documents.iter_rows()
    return Corpus.from_rows("legal", _within_budget([*licences, *english], settings.DOMAIN_CORPUS_CHARS))


def prose_corpus() -> Corpus:
    """Python's reference topics from `pydoc_data.topics` (group "pydoc")."""
    from pydoc_data.topics import topics

    rows = [("pydoc", topic, topics[topic]) for topic in sorted(topics)]
    return Corpus.from_rows("prose", _within_budget(rows, settings.DOMAIN_CORPUS_CHARS))


def math_corpus() -> Corpus:
    """LaTeX written for tokenlab (group "latex", part = topic)."""
    return Corpus.from_rows("math", [("latex", topic, text.strip() + "\n") for topic, text in LATEX_SAMPLES.items()])
