"""Count the bundled corpora with every bundled tokenizer, for data/counts/.

A fresh server then answers the Languages and Corpus efficiency pages without loading a
tokenizer or counting a document: counting the UDHR with six tokenizers on a first visit
takes tens of seconds on a fraction of a core and 150 MB more than a 690 MB container can
spare. The files hold exactly what `profile_corpus` would write to the profile cache, keyed
by the same cache keys (corpus content hash, tokenizer file hashes), so a changed corpus or
tokenizer simply finds nothing here and is counted live; tests check that every pair is
present and equal to a live count.

    python scripts/build_counts.py data      (scripts/build_data.py runs it after the rest of data/)

Writes data/counts/{runs,doc_counts,token_usage}.parquet, sorted and zstd-compressed so that
two builds give the same bytes, and lists them in data/MANIFEST.sha256. Every shipped run is
whole, token usage included (vocabulary utilisation and Rényi efficiency read it); the
532-version UDHR is not shipped (NOT_SHIPPED).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

#: Bundled corpora not shipped: the 532-version UDHR would need 25M rows of token usage (tens of
#: MB), and a run in the cache must be whole, usage included. Only the Languages page's "All
#: versions" reads it; it is counted on first use.
NOT_SHIPPED = ("udhr",)


def build(data: Path) -> dict[str, int]:
    """Count every bundled corpus with every bundled tokenizer and the baselines; rows per file."""
    os.environ["TOKENLAB_DATA_DIR"] = str(data)
    os.environ["TOKENLAB_TOKENIZER_BUDGET_MB"] = "none"
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's tokenlab
    import tokenlab
    from tokenlab.engine.bundled_counts import COUNTS_FILES
    from tokenlab.engine.store import MEMORY, Store

    store = Store(MEMORY)
    tokenizers = [info.id for info in tokenlab.list_tokenizers()]
    for name in tokenlab.list_corpora():
        if name in NOT_SHIPPED:
            continue
        corpus = tokenlab.load_corpus(name)
        print(f"counting {name}: {corpus.documents.height:,} documents x {len(tokenizers)} tokenizers", flush=True)
        tokenlab.profile_corpus(corpus, tokenizers, store=store, baselines=True, bundled_counts=False)
    tables = {
        "runs": store.query(
            "SELECT corpus_hash, tokenizer_key, any_value(tokenizer_id) AS tokenizer_id, "
            "any_value(vocab_size) AS vocab_size FROM runs GROUP BY ALL ORDER BY ALL"
        ),
        "doc_counts": store.query("SELECT * FROM doc_counts ORDER BY corpus_hash, tokenizer_key, doc"),
        "token_usage": store.query(
            "SELECT * FROM token_usage ORDER BY corpus_hash, tokenizer_key, group_name, token_id"
        ),
    }
    out = data / "counts"
    out.mkdir(exist_ok=True)
    for table, frame in tables.items():
        path = out / COUNTS_FILES[table]
        frame.write_parquet(path, compression="zstd", compression_level=19, statistics=True, row_group_size=1 << 17)
        path.chmod(0o644)
    _update_manifest(data, [out / COUNTS_FILES[table] for table in tables])
    return {COUNTS_FILES[table]: frame.height for table, frame in tables.items()}


def _update_manifest(data: Path, files: list[Path]) -> None:
    """Replace the counts files' lines of MANIFEST.sha256 (sha256sum format, sorted by path)."""
    manifest = data / "MANIFEST.sha256"
    lines = {}
    for line in manifest.read_text(encoding="ascii").splitlines():
        digest, rel = line.split(None, 1)
        lines[rel] = digest
    for path in files:
        lines[f"./{path.relative_to(data).as_posix()}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest.write_text("".join(f"{digest}  {rel}\n" for rel, digest in sorted(lines.items())), encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", default="data", help="the data directory (default: data)")
    args = parser.parse_args(argv)
    data = Path(args.data).resolve()
    if not (data / "MANIFEST.sha256").is_file():
        print(f"error: {data} has no MANIFEST.sha256; build it with scripts/build_data.py first", file=sys.stderr)
        return 2
    for name, rows in build(data).items():
        print(f"data/counts/{name}: {rows:,} rows, {(data / 'counts' / name).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
