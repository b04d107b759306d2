"""Open the results of a run (tokenlab.engine.results) as a `Profile`, so every corpus metric and chart works on them.

DuckDB reads the Parquet files where they are (`read_parquet` on the file list, passed as a
parameter) straight into the store, as one corpus whose key hashes the files: opening the same
results again is a cache hit. A file is checked before anything is loaded, so a Parquet file of
another shape, or a file that is not Parquet at all, is refused with a message naming it.

    python -m tokenlab metrics --results runs/web-sample/ --metric fertility
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from tokenlab.engine.encoding import BASELINES
from tokenlab.engine.profiling import Profile
from tokenlab.engine.results import RESULT_SCHEMA, USAGE_SCHEMA, ResultsError
from tokenlab.engine.store import Store, default_store
from tokenlab.errors import first_line, foreign_errors

_DUCKDB_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT"}
_RESULTS_HINT = "Open the files that `python -m tokenlab profile --out DIR` writes, as they are."
#: The largest count one row may hold, and the largest column total: the metrics' sums must fit
#: in 64 bits (no real document has a trillion characters).
_MAX_COUNT = 2**40
_MAX_TOTAL = 2**62


def _expected(schema: pa.Schema) -> dict[str, str]:
    return {field.name: _DUCKDB_TYPES[field.type] for field in schema}


def _kind(path: str, label: str) -> str:
    """ "counts" or "usage" by the file's columns; anything else is refused with what it lacks."""
    try:
        with duckdb.connect() as connection:
            described = connection.execute("DESCRIBE SELECT * FROM read_parquet($file)", {"file": path}).fetchall()
            found = {row[0]: row[1] for row in described}
    except duckdb.Error as error:
        detail = first_line(error, 160)
        raise ResultsError(
            f"{label} is not a Parquet file tokenlab can read ({detail}). Open the files that "
            "`python -m tokenlab profile --out DIR` writes in DIR/counts and DIR/usage."
        ) from None
    for kind, schema in (("counts", RESULT_SCHEMA), ("usage", USAGE_SCHEMA)):
        expected = _expected(schema)
        if set(expected) <= set(found):
            wrong = [
                f"{name} is {found[name]}, not {dtype}" for name, dtype in expected.items() if found[name] != dtype
            ]
            if wrong:
                raise ResultsError(
                    f"{label} looks like tokenlab results but {'; '.join(wrong)}. "
                    "Write it again with `python -m tokenlab profile --out DIR`."
                )
            return kind
    lacking = sorted(set(_expected(RESULT_SCHEMA)) - set(found))
    raise ResultsError(
        f"{label} is not a tokenlab results file: it has no {', '.join(lacking[:6])}"
        f"{', ...' if len(lacking) > 6 else ''} column. Open the per-document counts "
        "(DIR/counts/...) and token usage (DIR/usage/...) that `python -m tokenlab profile --out DIR` "
        "writes."
    )


def _directory_files(root: Path) -> tuple[list[Path], list[Path]]:
    counts = sorted(root.glob("counts/*/*.parquet"))
    if not counts:
        raise ResultsError(
            f"{root} holds no results: no counts/<tokenizer>/<shard>.parquet files. Give the "
            "directory that `python -m tokenlab profile --out DIR` wrote."
        )
    return counts, sorted(root.glob("usage/*/*.parquet"))


def _classified(files: Sequence[tuple[Path, str]]) -> tuple[list[str], list[str]]:
    """Counts and usage files among `files` (path, name to show), each checked."""
    counts: list[str] = []
    usage: list[str] = []
    for path, label in files:
        (counts if _kind(str(path), label) == "counts" else usage).append(str(path))
    if not counts:
        raise ResultsError("These files hold token usage only; open the per-document counts (DIR/counts/...) too.")
    return counts, usage


def _stat_key(paths: Sequence[Path]) -> str:
    """Names, sizes and modification times: a changed or added file is a new corpus."""
    digest = hashlib.sha256(b"tokenlab-results-1")
    for path in paths:
        stat = path.stat()
        digest.update(f"{path.resolve()}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\x1e".encode())
    return "results-" + digest.hexdigest()


def _order(found: dict[str, str], tokenizers: Sequence[str] | None) -> dict[str, str]:
    """Tokenizer id -> key: the ones asked for in that order, else all, baselines last."""
    if tokenizers:
        missing = [t for t in tokenizers if t not in found]
        if missing:
            raise ResultsError(f"The results hold no counts for {', '.join(missing)}; they hold {', '.join(found)}.")
        return {t: found[t] for t in tokenizers}
    ordered = [*sorted(t for t in found if t not in BASELINES), *(b for b in BASELINES if b in found)]
    return {t: found[t] for t in ordered}


def _load(
    store: Store, key: str, name: str, counts: list[str], usage: list[str], tokenizers: Sequence[str] | None
) -> Profile:
    with store.key_lock(key, ""):
        if not store.has_corpus(key):
            _check_files(counts, usage)
            try:
                store.add_results(key, name, counts, usage)
            except duckdb.Error as error:
                detail = first_line(error)
                raise ResultsError(
                    f"The results files could not be read together ({detail}). Open the files of "
                    "one run, written by the same tokenlab version."
                ) from None
    runs = store.query("SELECT tokenizer_id, tokenizer_key FROM runs WHERE corpus_hash = $h", {"h": key})
    return Profile(store, key, name, _order(dict(runs.iter_rows()), tokenizers))


def _check_values(connection: duckdb.DuckDBPyConnection, files: list[str], schema: pa.Schema, kind: str) -> None:
    """Refuse what no run writes (an empty id, a negative count, a count whose sum overflows)
    before it reaches the store, where it would fail in a metric query instead."""
    if not files:
        return
    texts = [field.name for field in schema if field.type == pa.string()]
    numbers = [field.name for field in schema if field.type == pa.int64()]
    # Column names come from the schema, never from the files; the files are a parameter.
    nulls = [f'count(*) - count("{name}")' for name in [*texts, *numbers]]
    ranges = [f'min("{name}"), max("{name}"), sum("{name}")' for name in numbers]
    query = f"SELECT {', '.join(nulls + ranges)} FROM read_parquet($files)"
    row = connection.execute(query, {"files": files}).fetchone()
    if row is None:
        return
    for name, missing in zip([*texts, *numbers], row, strict=False):
        if missing:
            raise ResultsError(f"The {kind} files have {missing:,} rows without a {name}. {_RESULTS_HINT}")
    bounds = row[len(nulls) :]
    for index, name in enumerate(numbers):
        low, high, total = bounds[3 * index : 3 * index + 3]
        if low is None:
            continue
        if low < 0 or high > _MAX_COUNT:
            raise ResultsError(
                f"The {kind} files hold a {name} of {low if low < 0 else high:,}, which no run writes: counts go "
                f"from 0 to {_MAX_COUNT:,}. {_RESULTS_HINT}"
            )
        if total > _MAX_TOTAL:
            raise ResultsError(
                f"The {kind} files' {name} values add up to {total:,}, more than tokenlab can sum. {_RESULTS_HINT}"
            )


def _check_files(counts: list[str], usage: list[str]) -> None:
    """Refuse results that count a document twice, one tokenizer id with two different files, or
    values no run writes."""
    with duckdb.connect() as connection:
        _check_values(connection, counts, RESULT_SCHEMA, "counts")
        _check_values(connection, usage, USAGE_SCHEMA, "usage")
        twice = connection.execute(
            "SELECT tokenizer_id, group_name, doc_id FROM read_parquet($counts) "
            "GROUP BY tokenizer_id, group_name, doc_id HAVING count(*) > 1 LIMIT 1",
            {"counts": counts},
        ).fetchall()
        versions = connection.execute(
            "SELECT tokenizer_id FROM read_parquet($counts) GROUP BY tokenizer_id "
            "HAVING count(DISTINCT tokenizer_key) > 1 LIMIT 1",
            {"counts": counts},
        ).fetchall()
    if twice:
        tokenizer, group, doc_id = twice[0]
        raise ResultsError(
            f"The results count document {doc_id!r} of group {group!r} twice for {tokenizer}. Open each "
            "run's files once; an --id-column must be unique within a group."
        )
    if versions:
        raise ResultsError(
            f"The results hold counts of two different versions of {versions[0][0]} (its files "
            "changed between runs). Open the results of one version."
        )


def open_results(path: str | Path, store: Store | None = None, tokenizers: Sequence[str] | None = None) -> Profile:
    """The results at `path` (a results directory, or one counts file) as a Profile."""
    root = Path(path)
    if root.is_dir():
        counts, usage = _directory_files(root)
        # One file of each kind is checked; DuckDB refuses any later file whose columns differ.
        _classified([(counts[0], str(counts[0])), *[(u, str(u)) for u in usage[:1]]])
        files, counts_files, usage_files = [*counts, *usage], [str(p) for p in counts], [str(p) for p in usage]
    elif root.is_file():
        files = [root]
        counts_files, usage_files = _classified([(root, root.name)])
    else:
        raise ResultsError(f"No results at {path}. Give the directory `python -m tokenlab profile --out DIR` wrote.")
    with foreign_errors(ResultsError, "The results files could not be read", _RESULTS_HINT):
        return _load(
            store or default_store(), _stat_key(files), root.resolve().name, counts_files, usage_files, tokenizers
        )


def open_uploaded_results(uploads: Sequence[tuple[str, bytes]], store: Store | None = None) -> Profile:
    """Results files uploaded as (file name, bytes): counts files, and usage files for utilisation."""
    if not uploads:
        raise ResultsError("Upload at least one results file (DIR/counts/<tokenizer>/<shard>.parquet).")
    digest = hashlib.sha256(b"tokenlab-results-upload-1")
    for file_digest in sorted(hashlib.sha256(data).digest() for _, data in uploads):  # any order, same results
        digest.update(file_digest)
    key = "results-" + digest.hexdigest()
    store = store or default_store()
    name = ", ".join(filename for filename, _ in uploads)
    with tempfile.TemporaryDirectory(prefix="tokenlab-results-") as folder:
        files = []
        for index, (filename, data) in enumerate(uploads):
            path = Path(folder) / f"{index}.parquet"
            path.write_bytes(data)
            files.append((path, filename))
        try:
            # A damaged file can pass the check of its columns and fail in DuckDB, pyarrow or
            # polars later: whatever the library, the visitor gets a message.
            with foreign_errors(ResultsError, "The results files could not be read", _RESULTS_HINT):
                counts, usage = _classified(files)
                return _load(store, key, name, counts, usage, None)
        except ResultsError as error:
            message = str(error)
            for path, filename in files:  # the server's temporary paths are no one's business
                message = message.replace(str(path), filename)
            raise ResultsError(message) from error.__cause__
