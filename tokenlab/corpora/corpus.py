"""A corpus: documents with a group (a language, a file, a domain) and a part that lines
documents up across groups (the article number of a parallel text).

The content hash is half of every cache key: the same documents give the same hash whatever
the corpus is called, so renaming a corpus or re-uploading a file re-uses its counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from tokenlab.errors import TokenlabError
from tokenlab.text.word_units import WORD_UNITS_VERSION

DOCUMENT_SCHEMA = {"group": pl.String, "part": pl.String, "text": pl.String}
GROUP_SCHEMA = {
    "group": pl.String,
    "name": pl.String,
    "iso6393": pl.String,
    "bcp47": pl.String,
    "script": pl.String,
    "direction": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
}


class CorpusError(TokenlabError, ValueError):
    """A corpus could not be built: unknown name or language, or an unusable upload."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: caches key on the object
class Corpus:
    """Documents (columns group, part, text) and optional metadata per group (GROUP_SCHEMA)."""

    name: str
    documents: pl.DataFrame
    groups: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=GROUP_SCHEMA))

    def __post_init__(self) -> None:
        if self.documents.is_empty():
            raise CorpusError(f"The corpus {self.name!r} has no documents.")

    @classmethod
    def from_rows(cls, name: str, rows: Iterable[tuple[str, str, str]], groups: pl.DataFrame | None = None) -> Corpus:
        """A corpus from (group, part, text) rows, skipping empty texts."""
        kept = [row for row in rows if row[2].strip()]
        documents = pl.DataFrame(kept, schema=DOCUMENT_SCHEMA, orient="row")
        return cls(name, documents, groups if groups is not None else pl.DataFrame(schema=GROUP_SCHEMA))

    @property
    def texts(self) -> list[str]:
        return self.documents.get_column("text").to_list()

    @property
    def characters(self) -> int:
        return int(self.documents.get_column("text").str.len_chars().sum())

    @cached_property
    def content_hash(self) -> str:
        """sha256 of every document's group, part and text, length-prefixed, in order, and of the
        word units' version: the cache keeps each document's word units with the corpus."""
        digest = hashlib.sha256(f"tokenlab-corpus-1-units-{WORD_UNITS_VERSION}".encode())
        for row in self.documents.select(list(DOCUMENT_SCHEMA)).iter_rows():
            for value in row:
                raw = value.encode("utf-8", "surrogatepass")
                digest.update(len(raw).to_bytes(8, "little") + raw)
        return digest.hexdigest()
