"""A user's own corpus: a .txt, .csv, .jsonl or .parquet file, read with polars.

Uploads are bytes of unknown origin, so every way they can be unusable (too big, empty,
binary, not UTF-8, unparsable, no text column, a column of lists) ends in a `CorpusError` (or
`InvalidTextError`) whose message says what to do; nothing else is raised. A table gives one
document per row: the text column is picked by the user or, by default, the string column
with the most text; an optional group column (a language, a source) groups rows, and a row's
position within its group is its part, so row-aligned parallel files line up for parity. A
.txt file gives one document per paragraph (blank-line separated).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tokenlab import settings
from tokenlab.corpora.corpus import Corpus, CorpusError
from tokenlab.errors import first_line
from tokenlab.text.user_text import decode_text_upload

TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")
SUFFIXES = (".txt", *TABLE_SUFFIXES)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _check_size(size: int, filename: str) -> None:
    if not size:
        raise CorpusError(f"{filename} is empty. Upload a file with some text in it.")
    if size > settings.MAX_UPLOAD_BYTES:
        raise CorpusError(
            f"{filename} is {size / 1e6:.1f} MB; corpus files up to {settings.MAX_UPLOAD_BYTES / 1e6:.0f} MB "
            "are accepted. Upload a sample of it, or split it into several files."
        )


def _suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise CorpusError(
            f"{filename}: tokenlab reads {', '.join(SUFFIXES)} files. Save the corpus in one of these formats."
        )
    return suffix


def read_table(data: bytes, filename: str, *, all_text: bool = False) -> pl.DataFrame:
    """The rows of an uploaded .csv, .jsonl or .parquet file (for picking columns).

    Bounded before it is read: rows (MAX_UPLOAD_ROWS) from the Parquet metadata or the line
    count, and a Parquet file's decoded text (MAX_UPLOAD_DECODED_BYTES) batch by batch. CSV
    types are inferred so that id and number columns are not offered as text; `all_text` reads
    every CSV column as written instead.
    """
    _check_size(len(data), filename)
    suffix = _suffix(filename)
    if suffix == ".txt":
        raise CorpusError(f"{filename} is plain text, not a table; it has no columns to pick.")
    if suffix != ".parquet":
        data = decode_text_upload(data, filename).encode("utf-8")  # binary or not UTF-8: say so first
        _check_rows(data.count(b"\n") + (not data.endswith(b"\n")) - (suffix == ".csv"), filename)
    try:
        if suffix == ".parquet":
            table = _read_parquet(data, filename)
        elif suffix == ".csv":
            table = pl.read_csv(io.BytesIO(data), infer_schema=not all_text)
        else:
            table = pl.read_ndjson(io.BytesIO(data))
    except CorpusError:
        raise
    except (Exception, pl.exceptions.PanicException) as error:  # untrusted input: any parser failure is the file's
        kind = {".parquet": "a Parquet", ".csv": "a CSV", ".jsonl": "a JSON Lines", ".ndjson": "a JSON Lines"}[suffix]
        detail = first_line(error)
        raise CorpusError(
            f"{filename} could not be read as {kind} file ({detail}). Check the file and upload it again."
        ) from None
    if table.height == 0 or table.width == 0:
        raise CorpusError(f"{filename} has no rows. Upload a file with at least one row of text.")
    return table


def _check_rows(rows: int, filename: str) -> None:
    if rows > settings.MAX_UPLOAD_ROWS:
        raise CorpusError(
            f"{filename} has {rows:,} rows; an upload may have up to {settings.MAX_UPLOAD_ROWS:,}. Upload a sample, "
            "or count the whole file with `tokenlab profile --corpus FILE` on your machine."
        )


def _read_parquet(data: bytes, filename: str) -> pl.DataFrame:
    """A Parquet upload, read only after its rows and decoded text are known to be in bounds.

    Text columns are read dictionary-encoded, so a batch's decoded size is the sum of its
    dictionary entries' lengths over the indices, known before anything is decoded. Nested
    columns (lists, records) are never read: they cannot be text or group columns, so they
    stand in as empty columns of their type, for the messages that say so.
    """
    schema = pq.read_schema(io.BytesIO(data))
    flat = [field.name for field in schema if not pa.types.is_nested(field.type)]
    text = [field.name for field in schema if _is_text(field.type)]
    parquet = pq.ParquetFile(io.BytesIO(data), read_dictionary=text)
    _check_rows(parquet.metadata.num_rows, filename)
    decoded, batches = 0, []
    for batch in parquet.iter_batches(batch_size=8192, columns=flat):
        decoded += sum(_decoded_bytes(batch.column(name)) for name in text if name in batch.schema.names)
        if decoded > settings.MAX_UPLOAD_DECODED_BYTES:
            raise CorpusError(
                f"{filename} decodes to more than {settings.MAX_UPLOAD_DECODED_BYTES / 2**20:.0f} MB of text; an "
                "upload may hold up to that. Upload a sample of it."
            )
        batches.append(batch)
    read = pa.Table.from_batches(batches, schema=parquet.schema_arrow.select(flat) if not batches else None)
    frame = pl.DataFrame(pl.from_arrow(read.unify_dictionaries().combine_chunks()))
    frame = frame.with_columns(pl.col(name).cast(pl.String) for name in text if name in frame.columns)
    placeholders = [
        pl.Series(field.name, [None] * frame.height, dtype=_polars_type(field.type))
        for field in schema
        if field.name not in flat
    ]
    return frame.with_columns(placeholders).select(schema.names)


def _is_text(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_string_view(kind))


def _decoded_bytes(column: pa.ChunkedArray | pa.Array) -> int:
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    total = 0
    for chunk in chunks:
        if pa.types.is_dictionary(chunk.type):
            total += pc.sum(pc.take(pc.binary_length(chunk.dictionary), chunk.indices)).as_py() or 0
        else:
            total += pc.sum(pc.binary_length(chunk)).as_py() or 0
    return int(total)


def _polars_type(kind: pa.DataType) -> pl.DataType:
    return pl.DataFrame(pa.table({"x": pa.array([], type=kind)})).schema["x"]


def text_columns(table: pl.DataFrame) -> list[str]:
    """Columns that hold text, most text first: the candidates for the text column."""
    names = [name for name, dtype in table.schema.items() if dtype == pl.String]
    return sorted(names, key=lambda name: -(table.get_column(name).str.len_chars().sum() or 0))


def _describe(table: pl.DataFrame) -> str:
    return ", ".join(f"{name!r} ({dtype})" for name, dtype in table.schema.items())


def _text_column(table: pl.DataFrame, filename: str, wanted: str | None) -> str:
    candidates = text_columns(table)
    if wanted is None:
        if not candidates:
            raise CorpusError(
                f"{filename} has no text column; its columns are {_describe(table)}. Add a column of text."
            )
        return candidates[0]
    if wanted not in table.columns:
        choices = ", ".join(map(repr, candidates)) or "none"
        raise CorpusError(f"{filename} has no column {wanted!r}; pick one of the text columns: {choices}.")
    dtype = table.schema[wanted]
    if dtype != pl.String:
        what = "lists or records" if dtype.is_nested() else f"{dtype} values"
        choices = ", ".join(map(repr, candidates)) or "none"
        raise CorpusError(f"Column {wanted!r} of {filename} holds {what}, not text; pick one of: {choices}.")
    return wanted


def _group_values(table: pl.DataFrame, filename: str, column: str | None) -> pl.Series:
    if column is None:
        return pl.repeat(Path(filename).stem, table.height, eager=True, dtype=pl.String)
    if column not in table.columns:
        raise CorpusError(f"{filename} has no column {column!r} to group by; its columns are {_describe(table)}.")
    if table.schema[column].is_nested():
        raise CorpusError(
            f"Column {column!r} of {filename} holds lists or records; group by a column of names or codes."
        )
    return table.get_column(column).cast(pl.String).fill_null("(none)")


def corpus_from_table(
    table: pl.DataFrame,
    filename: str,
    text_column: str | None = None,
    group_column: str | None = None,
    max_characters: int | None = None,
) -> Corpus:
    """One document per row with text; parts number the rows within each group. At most
    `max_characters` (default settings.MAX_CORPUS_CHARS)."""
    column = _text_column(table, filename, text_column)
    documents = pl.DataFrame(
        {
            "group": _group_values(table, filename, group_column),
            "text": table.get_column(column),
        }
    ).filter(pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != ""))
    if documents.is_empty():
        raise CorpusError(
            f"Every value of column {column!r} in {filename} is empty. Pick the column that holds the text."
        )
    _check_characters(int(documents.get_column("text").str.len_chars().sum()), filename, max_characters)
    documents = documents.with_columns(part=pl.int_range(pl.len()).over("group").cast(pl.String))
    if documents.select(pl.col("text").str.len_chars().max() > settings.MAX_PARAGRAPH_CHARS).item():
        # One cell of millions of characters would be encoded in one call (GBs for some
        # tokenizers): cut it like a long .txt paragraph, the pieces sharing the row's part.
        pieces = pl.col("text").map_elements(_pieces, return_dtype=pl.List(pl.String))
        documents = documents.with_columns(pieces).explode("text")
    return Corpus(Path(filename).name, documents.select("group", "part", "text"))


def _check_characters(characters: int, filename: str, limit: int | None) -> None:
    limit = settings.MAX_CORPUS_CHARS if limit is None else limit
    if characters > limit:
        raise CorpusError(
            f"{filename} holds {characters:,} characters; a corpus may hold up to {limit:,}. Upload a sample of it."
        )


def _pieces(paragraph: str, limit: int = settings.MAX_PARAGRAPH_CHARS) -> list[str]:
    """`paragraph`, cut after the last line break (else space) before every `limit` characters.

    A file without blank lines would otherwise be one document, and a tokenizer encoding
    millions of characters at once needs GBs (Gemma 3: +2.9 GB for 19M characters).
    """
    pieces = []
    while len(paragraph) > limit:
        cut = (paragraph.rfind("\n", 0, limit) + 1) or (paragraph.rfind(" ", 0, limit) + 1) or limit
        pieces.append(paragraph[:cut])
        paragraph = paragraph[cut:]
    return [*pieces, paragraph]


def read_upload(
    data: bytes,
    filename: str,
    text_column: str | None = None,
    group_column: str | None = None,
    max_characters: int | None = None,
) -> Corpus:
    """A corpus from an uploaded file's bytes, or a CorpusError/InvalidTextError saying what is
    wrong; at most `max_characters` (default settings.MAX_CORPUS_CHARS; the app asks for fewer)."""
    _check_size(len(data), filename)
    suffix = _suffix(filename)
    if suffix != ".txt":
        table = read_table(data, filename)
        if suffix == ".csv" and text_column in table.columns and table.schema[text_column] != pl.String:
            # The user named this column as text: keep "007" or "2024-01-01" exactly as written.
            table = table.with_columns(read_table(data, filename, all_text=True).get_column(text_column))
        return corpus_from_table(table, filename, text_column, group_column, max_characters)
    text = decode_text_upload(data, filename)
    _check_characters(len(text), filename, max_characters)
    paragraphs = [piece for p in _PARAGRAPH_BREAK.split(text) if p.strip() for piece in _pieces(p)]
    if not paragraphs:
        raise CorpusError(f"{filename} holds only whitespace. Upload a file with some text in it.")
    group = Path(filename).stem
    return Corpus.from_rows(Path(filename).name, [(group, str(i), p) for i, p in enumerate(paragraphs)])


def read_corpus_file(path: str | Path, text_column: str | None = None, group_column: str | None = None) -> Corpus:
    """`read_upload` for a file on disk (the CLI's --corpus PATH)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise CorpusError(f"Cannot read {path}: {getattr(error, 'strerror', None) or error}. Check the path.") from None
    _check_size(size, path.name)  # before reading a huge file into memory
    return read_upload(path.read_bytes(), path.name, text_column, group_column)
