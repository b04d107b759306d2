"""Opening the profile cache's DuckDB file: a checked connection, or why not in a visitor's words.

DuckDB lets one process write a file at a time, so a server started while the CLI counts (or
a second server) finds the file locked; a read-only place refuses it; a crash or a bad copy
leaves it damaged, and DuckDB opens some damaged files and fails only when a query reads the
missing bytes. `open_file` tells these apart:

- locked or not writable: no connection, and a reason without path or PID; the store keeps
  results in memory and tries the file again later;
- damaged (not a DuckDB file, a corrupted header or block, or shorter than its own block count
  says): the file and its WAL are renamed `<name>.damaged-<UTC time>` (user data is never
  deleted) and a new cache is created in its place.

DuckDB's own message, with the path, goes to the log for whoever runs the server.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tokenlab.errors import first_line

log = logging.getLogger(__name__)

Config = dict[str, str | bool | int | float | list[str]]

#: Why the file is not used, as the end of "The profile cache ...".
LOCKED = "is in use by another program"
UNAVAILABLE = "cannot be opened or written"

#: Words of DuckDB's errors when the file's own bytes are wrong (not when it is busy or absent).
DAMAGE_MARKERS = (
    "not a valid DuckDB database file",
    "Could not read enough bytes",
    "Corrupt database file",
    "storage version",  # a garbled version number reads as "created with a newer DuckDB"
)
#: DuckDB's file layout: a main header and two database headers of 4 KiB, then the blocks.
HEADER_BYTES = 3 * 4096


@dataclass(frozen=True)
class Opened:
    """A connection to the file; or None, the reason for a visitor (LOCKED or UNAVAILABLE) and
    DuckDB's own words for the log."""

    connection: duckdb.DuckDBPyConnection | None
    reason: str | None = None
    detail: str = ""


def is_damage(error: BaseException) -> bool:
    """True when DuckDB failed on the file's own bytes: a damaged file, not a busy or missing one."""
    if isinstance(error, duckdb.SerializationException | duckdb.InternalException):
        return True
    return isinstance(error, duckdb.Error) and any(marker in str(error) for marker in DAMAGE_MARKERS)


def open_file(path: Path, config: Config, schema: str) -> Opened:
    """A connection to the cache at `path` with `schema` created, after setting a damaged file aside."""
    try:
        return Opened(_connect(path, config, schema))
    except (OSError, duckdb.Error) as error:
        if not is_damage(error):
            return Opened(None, LOCKED if "Could not set lock" in str(error) else UNAVAILABLE, first_line(error, 1000))
        damage = error
    try:
        set_aside(path, damage)
        return Opened(_connect(path, config, schema))
    except (OSError, duckdb.Error) as error:
        return Opened(
            None, UNAVAILABLE, f"no new cache could be made in place of a damaged one: {first_line(error, 1000)}"
        )


def _connect(path: Path, config: Config, schema: str) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path), config=config)
    try:
        _check(connection, path, schema)
    except BaseException:
        connection.close()
        raise
    return connection


def _check(connection: duckdb.DuckDBPyConnection, path: Path, schema: str) -> None:
    """Raise DuckDB's error if the file is damaged.

    A truncated file opens, and fails only when a query reaches a missing block. Comparing the
    file's size with its block count costs nothing; only a file that looks short is read in
    full, so a DuckDB with another layout costs one scan, never a good cache.
    """
    connection.execute(schema)
    [(block_size, blocks)] = connection.execute(
        "SELECT block_size, total_blocks FROM pragma_database_size() WHERE database_name = current_database()"
    ).fetchall()  # all: DuckDB refuses the next query on a connection with rows left to fetch
    if path.stat().st_size < HEADER_BYTES + block_size * blocks:
        tables = connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
        for (table,) in tables:
            connection.execute(f'SELECT count(hash(t)) FROM "{table}" AS t').fetchall()


def set_aside(path: Path, error: BaseException) -> None:
    """Rename a damaged cache (and its WAL) to `<name>.damaged-<UTC time>`, and say so in the log."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    os.replace(path, target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, target.with_name(target.name + ".wal"))
    log.warning(
        "The profile cache %s is damaged (%s); it was moved to %s and a new one started.",
        path,
        first_line(error, 1000),
        target,
    )
