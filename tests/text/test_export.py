"""Downloads: CSV and JSON carry every token with its text, bytes and flags."""

from __future__ import annotations

import csv
import io
import json

import tokenlab
from tokenlab.text.export import CSV_COLUMNS, segmentations_csv, segmentations_json

TEXT = 'a😀,"b"'


def segs() -> list[tokenlab.Segmentation]:
    return [tokenlab.load_tokenizer(t).segment(TEXT) for t in ("gpt2", "bert-base-uncased")]


def test_csv_has_one_row_per_token_with_exact_fields() -> None:
    rows = list(csv.DictReader(io.StringIO(segmentations_csv(segs()))))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == sum(len(s) for s in segs())
    assert rows[1] == {
        "tokenizer": "gpt2",
        "index": "1",
        "id": "47249",
        "start": "1",
        "end": "2",
        "text": "😀",
        "piece": "<0xF0><0x9F><0x98>",
        "bytes_hex": "f09f98",
        "partial": "True",
        "kind": "normal",
    }


def test_json_groups_tokens_by_tokenizer() -> None:
    data = json.loads(segmentations_json(segs()))
    assert data["text"] == TEXT
    assert list(data["tokenizers"]) == ["gpt2", "bert-base-uncased"]
    assert data["tokenizers"]["bert-base-uncased"]["tokens"][0]["kind"] == "unknown"  # "a😀" is one word
    assert data["tokenizers"]["gpt2"]["count"] == len(segs()[0])
