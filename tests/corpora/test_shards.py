"""Sharded corpora: files, directories and globs; ids; bad records skipped with their id and reason."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tests.shard_corpus import BAD_RECORDS, DOCUMENTS, SHARDS, write_shard_corpus
from tokenlab.corpora.shards import ShardError, find_shards, read_sharded_corpus


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_shard_corpus(tmp_path_factory.mktemp("shards") / "web")


def test_a_directory_is_read_recursively_in_name_order(corpus_dir: Path) -> None:
    source = find_shards(str(corpus_dir))
    assert (source.name, [shard.name for shard in source.shards]) == ("web", SHARDS)


def test_a_glob_and_a_single_file_are_shards_too(corpus_dir: Path) -> None:
    assert [s.name for s in find_shards(f"{corpus_dir}/part-*.parquet").shards] == SHARDS[1:]
    assert [s.name for s in find_shards(f"{corpus_dir}/**/*.jsonl").shards] == ["more/tail.jsonl"]
    assert [s.name for s in find_shards(str(corpus_dir / "part-2.parquet")).shards] == ["part-2.parquet"]


def test_bad_records_are_skipped_with_their_id_and_reason(corpus_dir: Path) -> None:
    sharded = read_sharded_corpus(str(corpus_dir), group_column="lang")
    assert sharded.corpus.documents.height == DOCUMENTS
    assert sharded.skipped.select("doc_id", "reason").rows() == BAD_RECORDS
    first = sharded.corpus.documents.row(0, named=True)
    assert (first["group"], first["part"]) == ("tha", "more/tail.jsonl:0")
    assert sharded.shard_of_document[0] == "more/tail.jsonl" and sharded.shard_of_document[-1] == "part-2.parquet"


def test_an_id_column_names_the_documents(corpus_dir: Path) -> None:
    sharded = read_sharded_corpus(str(corpus_dir), id_column="article", group_column="lang")
    english = sharded.corpus.documents.filter(pl.col("group") == "eng")
    assert english.get_column("part").to_list() == [str(article) for article in range(1, 31)]
    assert sharded.skipped.get_column("doc_id").to_list()[:2] == ["bad-number", "bad-null"]


def test_load_corpus_reads_a_directory_of_shards(corpus_dir: Path) -> None:
    corpus = tokenlab.load_corpus(str(corpus_dir), group_column="lang")
    assert corpus.name == "web" and corpus.documents.get_column("group").n_unique() == 10


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"a.parquet": b"not parquet at all"}, "a.parquet could not be read as a Parquet file"),
        ({"b.txt": b"text"}, "No .parquet, .jsonl, .ndjson files found"),
    ],
)
def test_unusable_shards_say_what_to_do(tmp_path: Path, files: dict[str, bytes], message: str) -> None:
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with pytest.raises(tokenlab.CorpusError, match=message):
        read_sharded_corpus(str(tmp_path))


def test_a_missing_or_non_text_column_is_named(corpus_dir: Path) -> None:
    with pytest.raises(ShardError, match="has no column 'body'; its columns are lang, article, text"):
        read_sharded_corpus(f"{corpus_dir}/part-0.parquet", text_column="body")
    pl.DataFrame({"text": [1, 2]}).write_parquet(corpus_dir.parent / "numbers.parquet")
    with pytest.raises(ShardError, match="holds int64 values, not text"):
        read_sharded_corpus(str(corpus_dir.parent / "numbers.parquet"))
