"""Segmentations as files people can keep: CSV (one row per token) and JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from tokenlab.text.segment import Segmentation, Token

CSV_COLUMNS = ["tokenizer", "index", "id", "start", "end", "text", "piece", "bytes_hex", "partial", "kind"]


def token_record(token: Token) -> dict[str, object]:
    """One token as plain values (bytes as hex, so the record survives any text format)."""
    return {
        "id": token.id,
        "start": token.start,
        "end": token.end,
        "piece": token.piece,
        "bytes_hex": token.bytes.hex(),
        "partial": token.partial,
        "kind": token.kind.value,
    }


def segmentations_csv(segmentations: Sequence[Segmentation]) -> str:
    """All tokens of all segmentations, one row each, with the text each token came from."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for segmentation in segmentations:
        for index, token in enumerate(segmentation):
            writer.writerow(
                {
                    "tokenizer": segmentation.tokenizer_id,
                    "index": index,
                    "text": segmentation.text[token.start : token.end],
                    **token_record(token),
                }
            )
    return out.getvalue()


def segmentations_json(segmentations: Sequence[Segmentation]) -> str:
    """{"text": ..., "tokenizers": {id: {"count": n, "tokens": [...], "uncovered": [...]}}}."""
    return json.dumps(
        {
            "text": segmentations[0].text if segmentations else "",
            "tokenizers": {
                segmentation.tokenizer_id: {
                    "count": len(segmentation),
                    "tokens": [token_record(token) for token in segmentation],
                    "uncovered": segmentation.gaps(),
                }
                for segmentation in segmentations
            },
        },
        ensure_ascii=False,
        indent=1,
    )
