"""Domain corpora, so that a tokenizer's cost on code, legal text, technical prose and maths
can be compared with its cost on natural language. Nothing here is downloaded:

- code: source files in 14 programming languages from permissively licensed registry
  packages, bundled in data/corpora/code.json.gz by scripts/build_data.py (group = language,
  part = file);
- legal: the licence texts bundled in data/licenses plus the English UDHR;
- prose: the reference topics of Python 3.11's `pydoc_data` (the text `help("if")` shows),
  bundled in data/corpora/prose.json.gz so that every Python reads the same prose;
- math: LaTeX written for tokenlab.

Each is capped at `settings.DOMAIN_CORPUS_CHARS` characters so profiling stays interactive;
the code corpus shares that budget equally between its languages, and `code-all` holds every
bundled file (a few hundred KB per language) for runs that can take longer.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from tokenlab import settings
from tokenlab.corpora.corpus import GROUP_SCHEMA, Corpus, CorpusError
from tokenlab.corpora.latex_samples import LATEX_SAMPLES
from tokenlab.corpora.udhr import udhr

CODE_FILE = settings.DATA_DIR / "corpora" / "code.json.gz"
PROSE_FILE = settings.DATA_DIR / "corpora" / "prose.json.gz"


def _within_budget(rows: Iterable[tuple[str, str, str]], budget: int) -> Iterator[tuple[str, str, str]]:
    """Rows until their texts reach `budget` characters (the last one clipped)."""
    for group, part, text in rows:
        if budget <= 0:
            return
        yield group, part, text[:budget]
        budget -= len(text)


def _bundled_json(path: Path) -> Any:
    try:
        return json.loads(gzip.decompress(path.read_bytes()))
    except FileNotFoundError:
        raise CorpusError(
            f"{path} is missing. Restore data/ from git or run `python scripts/build_data.py data`."
        ) from None


@cache
def _code_languages() -> tuple[dict[str, Any], ...]:
    return tuple(_bundled_json(CODE_FILE)["languages"])


def _code(name: str, per_language: int | None) -> Corpus:
    rows: list[tuple[str, str, str]] = []
    for language in _code_languages():
        files = ((language["id"], file["path"], file["text"]) for file in language["files"])
        rows.extend(files if per_language is None else _within_budget(files, per_language))
    empty = dict.fromkeys(GROUP_SCHEMA)
    groups = [empty | {"group": language["id"], "name": language["name"]} for language in _code_languages()]
    return Corpus.from_rows(name, rows, pl.DataFrame(groups, schema=GROUP_SCHEMA))


def code_corpus() -> Corpus:
    """Every bundled programming language (group = language id, part = file), the domain budget
    shared equally between them so that each language weighs the same."""
    return _code("code", settings.DOMAIN_CORPUS_CHARS // len(_code_languages()))


def code_all_corpus() -> Corpus:
    """Every bundled source file, a few hundred KB per language."""
    return _code("code-all", None)


def legal_corpus() -> Corpus:
    """The bundled licence texts (group "licences") and the English UDHR (group "eng")."""
    licences = [
        ("licences", path.name, path.read_text(encoding="utf-8"))
        for path in sorted((settings.DATA_DIR / "licenses").glob("*.txt"))
    ]
    english = udhr(["eng"]).documents.iter_rows()
    return Corpus.from_rows("legal", _within_budget([*licences, *english], settings.DOMAIN_CORPUS_CHARS))


def prose_corpus() -> Corpus:
    """Python 3.11's reference topics from `pydoc_data.topics` (group "pydoc")."""
    topics = _bundled_json(PROSE_FILE)["topics"]
    rows = [("pydoc", topic, topics[topic]) for topic in sorted(topics)]
    return Corpus.from_rows("prose", _within_budget(rows, settings.DOMAIN_CORPUS_CHARS))


def math_corpus() -> Corpus:
    """LaTeX written for tokenlab (group "latex", part = topic)."""
    return Corpus.from_rows("math", [("latex", topic, text.strip() + "\n") for topic, text in LATEX_SAMPLES.items()])
