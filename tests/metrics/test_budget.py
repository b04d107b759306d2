"""Corpus efficiency per domain, what a token budget buys, its figures and the table exports."""

from __future__ import annotations

import dataclasses
import hashlib
import io
from pathlib import Path

import polars as pl
import pytest

import tokenlab
from tokenlab import settings
from tokenlab.charts.corpus import MEASURES, grouped_bars
from tokenlab.metrics import corpus_metrics
from tokenlab.metrics.budget import PAGE_CHARS, domain_table, efficiency_table, what_fits
from tokenlab.metrics.table_export import csv_bytes, parquet_bytes, tokenizer_sha256, with_provenance

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
    assert table.get_column("renyi_efficiency").to_list() == pytest.approx(
        corpus_metrics.efficiency(math).get_column("renyi_efficiency").to_list()
    )  # DuckDB float sums
    assert table.get_column("utilisation").is_between(0, 1).all()


def test_groups_of_an_upload_are_labelled_with_the_file(store: tokenlab.Store) -> None:
    data = b"lang,text\nen,Hello there friend\nfr,Bonjour mon ami\nen,Good morning\n"
    corpus = tokenlab.read_upload(data, "mine.csv", "text", "lang")
    table = efficiency_table(tokenlab.profile_corpus(corpus, TOKENIZERS, store=store, baselines=False), "mine", True)
    assert sorted(set(table.get_column("domain"))) == ["mine: en", "mine: fr"]


def test_groups_named_in_order_label_code_by_programming_language(store: tokenlab.Store) -> None:
    data = b"lang,text\nrust,fn main() {}\npython,def main(): pass\ncpp,int main() {}\n"
    corpus = tokenlab.read_upload(data, "code.csv", "text", "lang")
    profile = tokenlab.profile_corpus(corpus, TOKENIZERS, store=store, baselines=False)
    names = {"python": "Python", "cpp": "C++", "rust": "Rust"}
    table = efficiency_table(profile, "code", True, group_names=names)
    assert table.select("domain", "tokenizer").rows() == [
        (language, tokenizer) for language in ("Python", "C++", "Rust") for tokenizer in TOKENIZERS
    ]


def test_domain_table_stacks_domains_in_order(store: tokenlab.Store, math: tokenlab.Profile) -> None:
    legal = tokenlab.profile_corpus(tokenlab.load_corpus("legal"), TOKENIZERS, store=store, baselines=False)
    table = domain_table({"legal": legal, "math": math})
    assert table.get_column("domain").to_list() == ["legal", "legal", "math", "math"]


def test_what_fits_scales_characters_words_and_pages() -> None:
    row = pl.DataFrame({"domain": ["x"], "tokenizer": ["t"], "tokens": [1000], "characters": [4000], "words": [700]})
    fit = what_fits(row, 128_000).row(0, named=True)
    assert fit == {
        "domain": "x",
        "tokenizer": "t",
        "budget_tokens": 128_000,
        "characters": 512_000,
        "words": 89_600,
        "pages": 512_000 / PAGE_CHARS,
        "coverage": None,
        "flagged": False,
    }
    with pytest.raises(ValueError, match="positive number of tokens"):
        what_fits(row, 0)
    assert what_fits(row, 1).row(0, named=True)["characters"] == 4  # one token of 4 characters


def test_what_fits_keeps_the_row_keys_and_its_column_types() -> None:
    rows = pl.DataFrame(
        {"group": ["eng", "tha"], "name": ["English", "Thai"], "tokenizer": ["t", "t"], "tokens": [1, 2]}
    ).with_columns(characters=pl.Series([5, 7]), words=pl.Series([1, 1]))
    fit = what_fits(rows, 10)
    assert fit.schema == pl.Schema(
        {
            "group": pl.String,
            "name": pl.String,
            "tokenizer": pl.String,
            "budget_tokens": pl.Int64,
            "characters": pl.Int64,
            "words": pl.Int64,
            "pages": pl.Float64,
            "coverage": pl.Float64,
            "flagged": pl.Boolean,
        }
    )
    # A one-token row scales by 10, a two-token row by 5.
    assert fit.select("group", "name", "characters", "words").rows() == [
        ("eng", "English", 50, 10),
        ("tha", "Thai", 35, 5),
    ]


def test_a_row_without_tokens_fits_nothing_instead_of_failing() -> None:
    """Zero-token results once blanked the Corpus efficiency page: budget / 0 tokens is no number."""
    row = pl.DataFrame({"domain": ["x"], "tokenizer": ["t"], "tokens": [0], "characters": [10], "words": [2]})
    fits = what_fits(row, 128_000).row(0, named=True)
    assert (fits["characters"], fits["words"], fits["pages"]) == (None, None, None)


def test_grouped_bars_show_a_visitors_group_and_tokenizer_names_as_text() -> None:
    """Group names and tokenizer ids from an upload reach plotly escaped; the hover template holds none."""
    table = pl.DataFrame(
        {"domain": ["your file (<a href='https://evil.example'>x</a>)"], "tokenizer": ["<b>t</b>"], "pages": [1.0]}
    )
    (bars,) = grouped_bars(table, "pages").data
    assert list(bars.x) == ["your file (&lt;a href='https://evil.example'&gt;x&lt;/a&gt;)"]
    assert bars.name == "&lt;b&gt;t&lt;/b&gt;" and [list(c) for c in bars.customdata] == [[bars.name, ""]]
    assert bars.hovertemplate == "%{x} · %{customdata[0]}: %{y:,.1f} pages%{customdata[1]}<extra></extra>"


def test_grouped_bars_keep_category_labels_clear_of_a_24_entry_legend() -> None:
    table = pl.DataFrame(
        {
            "domain": ["Python code", "Legal text", "Mathematics (LaTeX)"] * 24,
            "tokenizer": [f"tokenizer-{i}" for i in range(24) for _ in range(3)],
            "pages": [1.0] * 72,
        }
    )
    layout = grouped_bars(table, "pages").layout
    assert (layout.legend.yanchor, layout.legend.y, layout.legend.orientation) == ("bottom", 1.02, "h")
    assert layout.xaxis.automargin and layout.xaxis.tickangle == -30 and layout.title.automargin
    assert layout.height == 480 + 9 * 24


def test_budget_bars_of_text_the_model_does_not_see_are_hatched_and_explained() -> None:
    table = pl.DataFrame(
        {
            "domain": ["UDHR Burmese", "UDHR English"],
            "tokenizer": ["bert-base-uncased"] * 2,
            "tokens": [1234, 1538],
            "characters": [12289, 8247],
            "words": [2253, 1361],
            "coverage": [0.077, 1.0],
            "flagged": [True, False],
        }
    )
    fit = what_fits(table, 128_000)
    assert fit.get_column("flagged").to_list() == [True, False]
    bars, legend = grouped_bars(fit, "pages").data
    assert list(bars.marker.pattern.shape) == ["/", ""]
    assert bars.customdata[0][1] == "<br>⚠ coverage 7.7% (below 90%): the model does not see the rest"
    assert legend.name == "⚠ hatched: coverage below 90%"


def test_grouped_bars_have_one_trace_per_tokenizer_and_unit_labels(math: tokenlab.Profile) -> None:
    table = efficiency_table(math, "math")
    for measure in ("chars_per_token", "tokens_per_1k_chars", "utilisation", "renyi_efficiency"):
        figure = grouped_bars(table, measure, {"o200k_base": "GPT-4o"})
        assert [trace.name for trace in figure.data][:2] == ["GPT-4o", "bert-base-uncased"]
        assert figure.layout.title.text == MEASURES[measure][0]
        assert figure.layout.yaxis.title.text == MEASURES[measure][1] and figure.layout.barmode == "group"


def test_exports_record_tokenizer_hashes_and_version(math: tokenlab.Profile) -> None:
    table = efficiency_table(math, "math")
    # The files' own sha256, from the bytes on disk, in file-name order, ";"-joined.
    hashes = {
        tokenizer: ";".join(
            f"{name}={hashlib.sha256((settings.TOKENIZER_DIR / name).read_bytes()).hexdigest()}"
            for name in sorted(tokenlab.tokenizer_info(tokenizer).files)
        )
        for tokenizer in TOKENIZERS
    }
    assert hashes["o200k_base"].count(";") == 1  # the .tiktoken ranks and their sidecar
    assert {tokenizer: tokenizer_sha256(tokenizer) for tokenizer in TOKENIZERS} == hashes
    assert tokenizer_sha256("utf8-bytes") == ""
    csv = pl.read_csv(io.BytesIO(csv_bytes(table)))
    parquet = pl.read_parquet(io.BytesIO(parquet_bytes(table)))
    assert csv.columns == parquet.columns == [*table.columns, "tokenizer_sha256", "tokenlab_version"]
    for export in (csv, parquet):
        assert export.select("tokenizer", "tokenizer_sha256").rows() == [(t, hashes[t]) for t in TOKENIZERS]
    assert parquet.get_column("tokenlab_version").unique().to_list() == [settings.VERSION]
    assert parquet.get_column("chars_per_token").to_list() == table.get_column("chars_per_token").to_list()
    assert with_provenance(pl.DataFrame({"x": [1]})).columns == ["x", "tokenlab_version"]


def test_exports_record_the_hashes_of_tokenizers_outside_the_catalogue() -> None:
    digest = hashlib.sha256(b"a visitor's tokenizer.json").hexdigest()
    mine = dataclasses.replace(tokenlab.tokenizer_info("o200k_base"), id="mine", sha256={"tokenizer.json": digest})
    table = pl.DataFrame({"tokenizer": ["mine", "o200k_base"], "tokens": [3, 2]})
    expected = [f"tokenizer.json={digest}", tokenizer_sha256("o200k_base")]
    for export in (
        pl.read_csv(io.BytesIO(csv_bytes(table, {"mine": mine}))),
        pl.read_parquet(io.BytesIO(parquet_bytes(table, {"mine": mine}))),
    ):
        assert export.get_column("tokenizer_sha256").to_list() == expected
    assert tokenizer_sha256("mine") == ""  # unknown without its description


def test_per_group_rows_carry_each_groups_own_utilisation_and_renyi(store: tokenlab.Store) -> None:
    data = b"lang,text\nrust,fn main() {}\npython,def main(): pass\nsql,SELECT 1;\n"
    corpus = tokenlab.read_upload(data, "code.csv", "text", "lang")
    profile = tokenlab.profile_corpus(corpus, TOKENIZERS, store=store, baselines=False)
    table = efficiency_table(profile, "code", True, group_names={"python": "Python", "rust": "Rust"})
    # Named groups in the names' order; a group without a name last, labelled by its code.
    assert table.select("domain", "tokenizer").rows() == [
        (domain, tokenizer) for domain in ("Python", "Rust", "code: sql") for tokenizer in TOKENIZERS
    ]
    usage = corpus_metrics.vocab_utilisation(profile, by_group=True)
    entropy = corpus_metrics.efficiency(profile, by_group=True)
    for row, group in zip(table.iter_rows(named=True), ["python"] * 2 + ["rust"] * 2 + ["sql"] * 2, strict=True):
        where = (pl.col("tokenizer") == row["tokenizer"]) & (pl.col("group") == group)
        assert row["utilisation"] == usage.filter(where).item(0, "utilisation")
        assert row["renyi_efficiency"] == entropy.filter(where).item(0, "renyi_efficiency")
