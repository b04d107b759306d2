"""Corpus efficiency per domain, what a token budget buys, its figures and the table exports."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tokenlab import corpus_metrics, settings
from tokenlab.budget import PAGE_CHARS, domain_table, efficiency_table, what_fits
from tokenlab.corpus_charts import MEASURES, grouped_bars
from tokenlab.table_export import csv_bytes, parquet_bytes, tokenizer_sha256, with_provenance

TOKENIZERS = ["o200k_base", "bert-base-uncased"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tokenlab.Store:
    return tokenlab.Store(Path(tmp_path_factory.mktemp("budget")) / "profiles.duckdb")


@pytest.fixture(scope="module")
def math(store: tokenlab.Store) -> tokenlab.Profile:
    return tokenlab.profile_corpus(tokenlab.load_corpus("math"), TOKENIZERS, store=store, baselines=False)


def test_efficiency_row_joins_compression_utilisation_and_renyi(math: tokenlab.Profile) -> None:
    table = efficiency_table(math, "math")
    assert table.get_column("tokenizer").to_list() == TOKENIZERS
    assert set(table.get_column("domain")) == {"math"}
    compression = corpus_metrics.compression(math, by_group=False)
    assert table.get_column("chars_per_token").to_list() == compression.get_column("chars_per_token").to_list()
    assert table.get_column("renyi_efficiency").to_list() == \
        pytest.approx(corpus_metrics.efficiency(math).get_column("renyi_efficiency").to_list())  # DuckDB float sums
    assert table.get_column("utilisation").is_between(0, 1).all()


def test_groups_of_an_upload_are_labelled_with_the_file(store: tokenlab.Store) -> None:
    data = b"lang,text\nen,Hello there friend\nfr,Bonjour mon ami\nen,Good morning\n"
    corpus = tokenlab.read_upload(data, "mine.csv", "text", "lang")
    table = efficiency_table(tokenlab.profile_corpus(corpus, TOKENIZERS, store=store, baselines=False), "mine", True)
    assert sorted(set(table.get_column("domain"))) == ["mine: en", "mine: fr"]


def test_domain_table_stacks_domains_in_order(store: tokenlab.Store, math: tokenlab.Profile) -> None:
    legal = tokenlab.profile_corpus(tokenlab.load_corpus("legal"), TOKENIZERS, store=store, baselines=False)
    table = domain_table({"legal": legal, "math": math})
    assert table.get_column("domain").to_list() == ["legal", "legal", "math", "math"]


def test_what_fits_scales_characters_words_and_pages() -> None:
    row = pl.DataFrame({"domain": ["x"], "tokenizer": ["t"], "tokens": [1000], "characters": [4000], "words": [700]})
    fit = what_fits(row, 128_000).row(0, named=True)
    assert fit == {"domain": "x", "tokenizer": "t", "budget_tokens": 128_000, "characters": 512_000,
                   "words": 89_600, "pages": 512_000 / PAGE_CHARS}  # fmt: skip
    with pytest.raises(ValueError, match="positive number of tokens"):
        what_fits(row, 0)


def test_grouped_bars_have_one_trace_per_tokenizer_and_unit_labels(math: tokenlab.Profile) -> None:
    table = efficiency_table(math, "math")
    for measure in ("chars_per_token", "tokens_per_1k_chars", "utilisation", "renyi_efficiency"):
        figure = grouped_bars(table, measure, {"o200k_base": "GPT-4o"})
        assert [trace.name for trace in figure.data] == ["GPT-4o", "bert-base-uncased"]
        assert figure.layout.title.text == MEASURES[measure][0]
        assert figure.layout.yaxis.title.text == MEASURES[measure][1] and figure.layout.barmode == "group"


def test_exports_record_tokenizer_hashes_and_version(math: tokenlab.Profile) -> None:
    table = efficiency_table(math, "math")
    digest = tokenlab.tokenizer_info("o200k_base").sha256
    assert all(f"{name}={sha}" in tokenizer_sha256("o200k_base") for name, sha in digest.items())
    assert tokenizer_sha256("utf8-bytes") == ""
    csv = pl.read_csv(io.BytesIO(csv_bytes(table)))
    parquet = pl.read_parquet(io.BytesIO(parquet_bytes(table)))
    assert csv.columns == parquet.columns == [*table.columns, "tokenizer_sha256", "tokenlab_version"]
    assert parquet.get_column("tokenlab_version").unique().to_list() == [settings.VERSION]
    assert parquet.get_column("chars_per_token").to_list() == table.get_column("chars_per_token").to_list()
    assert with_provenance(pl.DataFrame({"x": [1]})).columns == ["x", "tokenlab_version"]
