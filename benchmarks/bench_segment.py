"""Segmenting 100,000 characters: tokenlab's `segment` + HTML rendering against raw `encode`.

The raw side is the tokenizer's own library called directly (tests/reference.py); both sides
run in this process on the same text, so the ratio is what a user pays for offsets, bytes,
token kinds and the rendered spans (capped as the app caps them) on top of plain ids.

    python -m benchmarks.bench_segment
"""

from __future__ import annotations

from benchmarks.common import median_seconds, print_table, save_results

TOKENIZERS = ("o200k_base", "llama3", "qwen3", "gemma3")
CHARS = 100_000


def sample_text(chars: int = CHARS) -> str:
    """A multilingual text of exactly `chars` characters, from the bundled test samples."""
    from tests.samples import MULTILINGUAL

    block = "\n".join(MULTILINGUAL.values()) + "\n"
    return (block * (chars // len(block) + 1))[:chars]


def main() -> list[dict[str, object]]:
    import tokenlab
    from tests.reference import reference_encoder
    from tokenlab import settings
    from tokenlab.text.render import segmentation_html

    text = sample_text()
    rows = []
    totals = {"raw": 0.0, "segment": 0.0, "render": 0.0}
    for tokenizer_id in TOKENIZERS:
        tokenizer = tokenlab.load_tokenizer(tokenizer_id)
        encode = reference_encoder(tokenizer_id)
        raw = median_seconds(lambda encode=encode: encode(text))
        seg = median_seconds(lambda tokenizer=tokenizer: tokenizer.segment(text))
        segmentation = tokenizer.segment(text)
        render = median_seconds(
            lambda segmentation=segmentation: segmentation_html(segmentation, max_tokens=settings.MAX_RENDERED_TOKENS)
        )
        totals["raw"] += raw
        totals["segment"] += seg
        totals["render"] += render
        rows.append(
            {
                "tokenizer": tokenizer_id,
                "tokens": len(segmentation),
                "raw encode s": raw,
                "segment s": seg,
                "render s": render,
                "ratio (segment+render)/raw": (seg + render) / raw,
            }
        )
    rows.append(
        {
            "tokenizer": "all 4",
            "tokens": "",
            "raw encode s": totals["raw"],
            "segment s": totals["segment"],
            "render s": totals["render"],
            "ratio (segment+render)/raw": (totals["segment"] + totals["render"]) / totals["raw"],
        }
    )
    print_table(f"Segmenting {CHARS:,} characters (median of 5 runs)", rows)
    save_results("segment", rows)
    return rows


if __name__ == "__main__":
    main()
