"""Corpora by name: what `--corpus` and the app's corpus picker accept."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from tokenlab.corpora.corpus import Corpus, CorpusError
from tokenlab.corpora.domains import code_all_corpus, code_corpus, legal_corpus, math_corpus, prose_corpus
from tokenlab.corpora.shards import is_shard_source, read_sharded_corpus
from tokenlab.corpora.udhr import udhr
from tokenlab.corpora.uploads import read_corpus_file

DOMAINS: dict[str, Callable[[], Corpus]] = {
    "code": code_corpus,
    "code-all": code_all_corpus,
    "legal": legal_corpus,
    "prose": prose_corpus,
    "math": math_corpus,
}
CORPUS_NAMES = ("udhr", "udhr-subset", *DOMAINS)


def list_corpora() -> list[str]:
    """Names of the bundled corpora."""
    return list(CORPUS_NAMES)


@cache
def _bundled(name: str, languages: tuple[str, ...]) -> Corpus:
    if name in ("udhr", "udhr-subset"):
        return udhr(languages or None, subset=name == "udhr-subset")
    return DOMAINS[name]()


def load_corpus(
    name: str,
    languages: Sequence[str] | None = None,
    text_column: str | None = None,
    group_column: str | None = None,
    id_column: str | None = None,
) -> Corpus:
    """A bundled corpus by name (cached: its content hash is computed once), a corpus file's path,
    or a directory or glob of .parquet/.jsonl shards (corpora/shards.py).

    `languages` selects UDHR versions; `text_column`/`group_column` apply to a file, `id_column` to shards.
    """
    if name in CORPUS_NAMES:
        if languages and not name.startswith("udhr"):
            raise CorpusError(f"--languages applies to the UDHR corpora, not to {name!r}.")
        return _bundled(name, tuple(languages or ()))
    if is_shard_source(name):
        return read_sharded_corpus(name, text_column, id_column, group_column).corpus
    if Path(name).suffix:
        return read_corpus_file(name, text_column, group_column)
    raise CorpusError(
        f"Unknown corpus {name!r}. Use one of {', '.join(CORPUS_NAMES)}, the path of a "
        ".txt/.csv/.jsonl/.parquet file, or a directory of .parquet/.jsonl shards."
    )
