"""Corpora bigger than an upload: a directory or glob of .parquet / .jsonl shards, read record by record.

Pre-training corpora come as many shards (`data/part-00000.parquet`, ...). Both profiling
engines read them here, so they see the same documents with the same ids: a document's id is
its `--id-column` value, or `<shard>:<row>` (the shard's path below the corpus root and the
0-based row in that file; a JSON Lines file's rows are its non-blank lines).

One bad record must not sink a run over millions, so a record that cannot be counted (null or
non-string text, invalid UTF-8, a lone surrogate, a line that is not a JSON object, no id,
whitespace only) is returned as skipped, with its id and the reason, and reading goes on. A
shard that cannot be read at all (not Parquet, no such column) raises `ShardError`.

Texts are decoded here, value by value when needed, with pyarrow and the json module: polars
and DuckDB reject a whole Parquet file for one invalid UTF-8 value.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from tokenlab.corpora.corpus import Corpus, CorpusError
from tokenlab.errors import first_line

SHARD_SUFFIXES = (".parquet", ".jsonl", ".ndjson")
DEFAULT_TEXT_COLUMN = "text"
NO_GROUP = "(none)"
#: Rows read from a shard at a time: bounded memory for shards of any size.
READ_ROWS = 4096
_WILDCARD = re.compile(r"[*?[]")
_JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object", str: "string"}
_TEXT_TYPES = (pa.string(), pa.large_string(), pa.binary(), pa.large_binary())


#: The columns of a frame of skipped records, as every engine reports and writes them.
SKIPPED_COLUMNS = {"shard": pl.String, "doc_id": pl.String, "reason": pl.String}


class ShardError(CorpusError):
    """A shard could not be read at all; the message names the file and what to do."""


@dataclass(frozen=True)
class Shard:
    """One input file; `name` is its path below the corpus root, '/'-separated."""

    path: Path
    name: str

    def fingerprint(self) -> str:
        """The file's size and modification time: what tells a re-run it changed since counted."""
        try:
            stat = self.path.stat()
        except OSError as error:
            raise self.unopenable(error) from None
        return f"{stat.st_size}:{stat.st_mtime_ns}"

    def unopenable(self, error: OSError) -> ShardError:
        return ShardError(f"{self.name} could not be opened ({error.strerror}). Check the path.")


@dataclass(frozen=True)
class Columns:
    """Which columns hold a record's text, id and group, and the group of records without one."""

    text: str = DEFAULT_TEXT_COLUMN
    id: str | None = None
    group: str | None = None
    default_group: str = "corpus"


@dataclass(frozen=True)
class Records:
    """A run of records from one shard: the countable documents, and the skipped ones."""

    doc_ids: list[str]
    groups: list[str]
    texts: list[str]
    skipped: list[tuple[str, str]]  # (doc id, reason)


@dataclass(frozen=True)
class ShardSource:
    """A corpus given as shards: their common root's name names the corpus and its default group."""

    name: str
    shards: list[Shard]


def is_shard_source(path: str) -> bool:
    """True for a directory or a glob pattern: what only the shard reader reads."""
    return bool(_WILDCARD.search(path)) or Path(path).is_dir()


def find_shards(path: str) -> ShardSource:
    """The .parquet/.jsonl/.ndjson files of a file, a directory (recursively) or a glob, in name order."""
    if _WILDCARD.search(path):
        root = Path(os.path.dirname(_WILDCARD.split(path, maxsplit=1)[0]) or ".")
        files = [Path(found) for found in glob.glob(path, recursive=True)]
        name = root.resolve().name
    elif Path(path).is_dir():
        root = Path(path)
        files = list(root.rglob("*"))
        name = root.resolve().name
    else:
        root = Path(path).parent
        files = [Path(path)] if Path(path).is_file() else []
        name = Path(path).stem
    shards = sorted(
        (
            Shard(found, found.relative_to(root).as_posix())
            for found in files
            if found.is_file() and found.suffix.lower() in SHARD_SUFFIXES
        ),
        key=lambda s: s.name,
    )
    if not shards:
        raise CorpusError(
            f"No {', '.join(SHARD_SUFFIXES)} files found at {path}. Give a shard file, a directory "
            "of shards, or a quoted glob such as 'data/*.parquet'."
        )
    return ShardSource(name or "corpus", shards)


def read_shard(shard: Shard, columns: Columns, rows: int = READ_ROWS) -> Iterator[Records]:
    """The records of `shard`, `rows` at a time."""
    if shard.path.suffix.lower() == ".parquet":
        yield from _parquet_records(shard, columns, rows)
    else:
        yield from _jsonl_records(shard, columns, rows)


def _parquet_records(shard: Shard, columns: Columns, rows: int) -> Iterator[Records]:
    try:
        file = pq.ParquetFile(shard.path)
        schema = file.schema_arrow
    except (OSError, pa.ArrowException) as error:
        raise ShardError(
            f"{shard.name} could not be read as a Parquet file ({first_line(error)}). "
            "Check the file, or move it out of the corpus."
        ) from None
    wanted = [c for c in (columns.text, columns.id, columns.group) if c is not None]
    missing = [c for c in wanted if c not in schema.names]
    if missing:
        raise ShardError(
            f"{shard.name} has no column {missing[0]!r}; its columns are {', '.join(schema.names)}. "
            "Name the right one with --text-column, --id-column or --group-column."
        )
    text_type = schema.field(columns.text).type
    if text_type not in _TEXT_TYPES:
        raise ShardError(
            f"Column {columns.text!r} of {shard.name} holds {text_type} values, not text; "
            "name the text column with --text-column."
        )
    start = 0
    try:
        for batch in file.iter_batches(batch_size=rows, columns=list(dict.fromkeys(wanted))):
            texts = _decoded(batch.column(columns.text))
            ids = batch.column(columns.id).to_pylist() if columns.id else None
            groups = batch.column(columns.group).to_pylist() if columns.group else None
            yield _records(shard, columns, start, texts, ids, groups)
            start += batch.num_rows
    except (OSError, pa.ArrowException) as error:
        raise ShardError(
            f"{shard.name} is damaged after row {start} ({first_line(error)}). "
            "Check the file, or move it out of the corpus."
        ) from None


def _decoded(column: pa.Array) -> list[object]:
    """Python strings of a text column; a value that is not valid UTF-8 stays bytes (skipped later)."""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        try:
            return column.to_pylist()
        except UnicodeDecodeError:  # pyarrow validates on conversion: fall back to value by value
            column = column.cast(pa.large_binary())
    return [_utf8(value) for value in column.to_pylist()]


def _utf8(value: bytes | None) -> object:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value


def _jsonl_records(shard: Shard, columns: Columns, rows: int) -> Iterator[Records]:
    try:
        handle = shard.path.open("rb")
    except OSError as error:
        raise shard.unopenable(error) from None
    with handle:
        chunk: list[object] = []  # a record, or why its line gave none
        start = 0
        for line in handle:
            if line.strip():
                chunk.append(_json_record(line))
            if len(chunk) == rows:
                yield _json_records(shard, columns, start, chunk)
                start, chunk = start + len(chunk), []
        if chunk:
            yield _json_records(shard, columns, start, chunk)


def _json_records(shard: Shard, columns: Columns, start: int, chunk: list[object]) -> Records:
    def values(key: str | None) -> list[object] | None:
        return [record.get(key) if isinstance(record, dict) else None for record in chunk] if key else None

    texts = [record.get(columns.text) if isinstance(record, dict) else record for record in chunk]
    return _records(shard, columns, start, texts, values(columns.id), values(columns.group))


class _Unreadable(str):
    """Why a JSON line gave no record (kept in place of the record's text)."""


def _json_record(line: bytes) -> object:
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        return _Unreadable("the line is not valid UTF-8")
    try:
        record = json.loads(decoded)
    except ValueError:
        return _Unreadable("the line is not valid JSON")
    if isinstance(record, dict):
        return record
    return _Unreadable(f"the line is a JSON {_JSON_TYPES.get(type(record), type(record).__name__)}, not an object")


def _records(
    shard: Shard,
    columns: Columns,
    start: int,
    texts: list[object],
    ids: list[object] | None,
    groups: list[object] | None,
) -> Records:
    """Documents and skipped records of rows start, start + 1, ... of `shard`."""
    kept_ids: list[str] = []
    kept_groups: list[str] = []
    kept_texts: list[str] = []
    skipped: list[tuple[str, str]] = []
    for offset, text in enumerate(texts):
        row_id = f"{shard.name}:{start + offset}"
        raw_id = ids[offset] if ids is not None else row_id
        reason: str | None
        if isinstance(text, _Unreadable):
            doc_id, reason = row_id, str(text)
        elif raw_id is None:
            doc_id, reason = row_id, "no id (the id column is empty)"
        else:
            doc_id, reason = str(raw_id), _problem(text)
        if reason or not isinstance(text, str):  # _problem passes only a str
            skipped.append((doc_id, reason or "the text is not a string"))
            continue
        group = groups[offset] if groups is not None else columns.default_group
        kept_ids.append(doc_id)
        kept_groups.append(NO_GROUP if group is None else str(group))
        kept_texts.append(text)
    return Records(kept_ids, kept_groups, kept_texts, skipped)


def _problem(text: object) -> str | None:
    """Why `text` cannot be counted, or None."""
    if text is None:
        return "no text (null or missing)"
    if isinstance(text, bytes):
        return "the text is not valid UTF-8"
    if not isinstance(text, str):
        return f"the text is a JSON {_JSON_TYPES.get(type(text), type(text).__name__)}, not a string"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return f"the text holds a lone surrogate (U+{ord(text[error.start]):04X} at character {error.start})"
    if not text.strip():
        return "the text is empty or whitespace only"
    return None


@dataclass(frozen=True)
class ShardedCorpus:
    """Every shard read into one `Corpus` (part = document id), the shard of each document, and
    the skipped records: what the local engine profiles."""

    corpus: Corpus
    shards: list[str]  # every shard read, those without a countable record too
    shard_of_document: list[str]
    skipped: pl.DataFrame  # shard, doc_id, reason


def read_sharded_corpus(
    path: str, text_column: str | None = None, id_column: str | None = None, group_column: str | None = None
) -> ShardedCorpus:
    """All shards at `path` as one corpus, with no size limit: for the command line, not uploads."""
    source = find_shards(path)
    columns = Columns(text_column or DEFAULT_TEXT_COLUMN, id_column, group_column, source.name)
    groups: list[str] = []
    ids: list[str] = []
    texts: list[str] = []
    shard_of: list[str] = []
    skipped: list[tuple[str, str, str]] = []
    for shard in source.shards:
        for records in read_shard(shard, columns):
            groups += records.groups
            ids += records.doc_ids
            texts += records.texts
            shard_of += [shard.name] * len(records.texts)
            skipped += [(shard.name, doc_id, reason) for doc_id, reason in records.skipped]
    if not texts:
        raise CorpusError(
            f"No shard at {path} holds a record with text in column {columns.text!r}. "
            "Name the text column with --text-column."
        )
    documents = pl.DataFrame(
        {"group": groups, "part": ids, "text": texts}, schema={"group": pl.String, "part": pl.String, "text": pl.String}
    )
    skipped_frame = pl.DataFrame(skipped, schema=SKIPPED_COLUMNS, orient="row")
    return ShardedCorpus(Corpus(source.name, documents), [s.name for s in source.shards], shard_of, skipped_frame)
