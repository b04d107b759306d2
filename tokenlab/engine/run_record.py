"""What a run into a results directory is and did: the description a re-run must match, and
the summary the CLI prints. Both engines (results_run.py, ray_engine.py) report through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tokenlab.corpora.catalogue import CORPUS_NAMES
from tokenlab.corpora.shards import SKIPPED_COLUMNS
from tokenlab.engine.results import ResultsDir
from tokenlab.engine.shard_counts import ShardOutcome


@dataclass
class RunSummary:
    """What a run into a results directory did."""

    corpus: str
    out: Path
    tokenizers: list[str]
    shards: int
    already_done: int = 0  # shards every tokenizer had finished before this run
    outcomes: list[ShardOutcome] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return sum(1 for outcome in self.outcomes if not outcome.error)

    @property
    def documents(self) -> int:
        return sum(outcome.documents for outcome in self.outcomes)

    @property
    def failed(self) -> list[ShardOutcome]:
        return [outcome for outcome in self.outcomes if outcome.error]

    def skipped_records(self) -> pl.DataFrame:
        """The records this run's shards could not count: shard, doc_id, reason."""
        files = [ResultsDir(self.out).skipped_file(o.shard) for o in self.outcomes if o.skipped and not o.error]
        return pl.concat([pl.DataFrame(schema=SKIPPED_COLUMNS), *(pl.read_parquet(f) for f in files)])


def run_description(
    corpus: str,
    text_column: str | None,
    id_column: str | None,
    group_column: str | None,
    languages: Sequence[str] | None = None,
) -> dict[str, object]:
    """What a results directory records about its run, so that a re-run cannot mix in another corpus."""
    source = corpus if corpus in CORPUS_NAMES else str(Path(corpus).resolve())
    return {
        "corpus": source,
        "languages": sorted(languages or []),
        "text_column": text_column,
        "id_column": id_column,
        "group_column": group_column,
    }
