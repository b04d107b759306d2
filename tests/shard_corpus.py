"""A small sharded corpus of real multilingual text for the engine and results tests.

300 UDHR articles (10 languages x 30) in three Parquet shards and one JSON Lines shard below a
subdirectory, columns text / lang / article; the JSON Lines shard ends with bad records (one of
each kind the shard reader skips) and one Parquet shard holds a null and an invalid UTF-8 text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tokenlab.corpora import udhr

LANGUAGES = ["eng", "fra", "deu_1996", "rus", "arb", "hin", "cmn_hans", "jpn", "tha", "bod"]
TOKENIZERS = ["o200k_base", "llama3", "mistral-v1"]
BAD_JSONL = [
    b'{"text": 5, "lang": "eng", "article": "bad-number"}',
    b'{"text": null, "lang": "eng", "article": "bad-null"}',
    b'{"lang": "eng", "article": "bad-missing"}',
    b"[1, 2]",
    b'{"text": "truncated',
    b'{"text": "\\ud800 lone surrogate", "lang": "eng", "article": "bad-surrogate"}',
    b'{"text": "  \\n ", "lang": "eng", "article": "bad-blank"}',
    b'{"text": "\xff\xfe not UTF-8", "lang": "eng", "article": "bad-bytes"}',
]
#: (doc id without an id column, reason) of every bad record, in shard and row order.
BAD_RECORDS = [
    ("more/tail.jsonl:60", "the text is a JSON number, not a string"),
    ("more/tail.jsonl:61", "no text (null or missing)"),
    ("more/tail.jsonl:62", "no text (null or missing)"),
    ("more/tail.jsonl:63", "the line is a JSON array, not an object"),
    ("more/tail.jsonl:64", "the line is not valid JSON"),
    ("more/tail.jsonl:65", "the text holds a lone surrogate (U+D800 at character 0)"),
    ("more/tail.jsonl:66", "the text is empty or whitespace only"),
    ("more/tail.jsonl:67", "the line is not valid UTF-8"),
    ("part-1.parquet:100", "no text (null or missing)"),
    ("part-1.parquet:101", "the text is not valid UTF-8"),
]
DOCUMENTS = 300
SHARDS = ["more/tail.jsonl", "part-0.parquet", "part-1.parquet", "part-2.parquet"]


def write_shard_corpus(root: Path) -> Path:
    """Write the corpus under `root` and return `root`."""
    rows = udhr(LANGUAGES).documents.rename({"group": "lang", "part": "article"}).to_dicts()
    assert len(rows) == DOCUMENTS
    root.mkdir(parents=True, exist_ok=True)
    for index, (lo, hi) in enumerate([(0, 80), (80, 180), (180, 240)]):
        table = pa.Table.from_pylist(rows[lo:hi])
        if index == 1:  # a null text and a text that is not UTF-8, past the good rows
            broken = pa.array([None, b"\xff\xfe"], type=pa.binary()).view(pa.string())
            table = pa.concat_tables(
                [
                    table,
                    pa.table({"lang": ["eng", "eng"], "article": ["bad-1", "bad-2"], "text": broken}).select(
                        table.column_names
                    ),
                ]
            )
        pq.write_table(table, root / f"part-{index}.parquet")
    (root / "more").mkdir(exist_ok=True)
    lines = [json.dumps(row, ensure_ascii=False).encode() for row in rows[240:]]
    (root / "more" / "tail.jsonl").write_bytes(b"\n".join([*lines, b"", *BAD_JSONL]) + b"\n")
    return root
