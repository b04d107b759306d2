"""Per-language figures: built from a small hand-made language table, inspected directly."""

from __future__ import annotations

import polars as pl
import pytest

from tokenlab.fairness import LANGUAGE_METRICS, TABLE_SCHEMA, compare_tokenizers
from tokenlab.language_charts import comparison_bars, language_heatmap, language_map, metric_caption, ranked_bars

ROWS = [  # tokenizer, group, name, script, script_name, latitude, longitude, tokens, value
    ("a", "eng", "English", "Latn", "Latin", 53.0, -1.0, 100, 1.0),
    ("a", "mya", "Burmese", "Mymr", "Myanmar", 21.0, 96.0, 900, 9.0),
    ("a", "hin", "Hindi", "Deva", "Devanagari", 25.0, 77.0, 300, 3.0),
    ("b", "eng", "English", "Latn", "Latin", 53.0, -1.0, 100, 1.0),
    ("b", "mya", "Burmese", "Mymr", "Myanmar", 21.0, 96.0, 400, 4.0),
    ("b", "hin", "Hindi", "Deva", "Devanagari", 25.0, 77.0, 330, 3.3),
]


@pytest.fixture
def table() -> pl.DataFrame:
    return pl.DataFrame(ROWS, schema=TABLE_SCHEMA, orient="row")


def test_heatmap_puts_the_worst_served_language_on_top(table: pl.DataFrame) -> None:
    figure = language_heatmap(table, "parity", {"a": "Tokenizer A"})
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["Burmese (Myanmar)", "Hindi (Devanagari)", "English (Latin)"]
    assert list(heatmap.x) == ["Tokenizer A", "b"]
    assert [list(row) for row in heatmap.z] == [[9.0, 4.0], [3.0, 3.3], [1.0, 1.0]]
    assert figure.layout.title.text.startswith("Parity vs reference by language")
    assert heatmap.colorbar.title.text == "× reference tokens"


def test_heatmap_of_a_higher_is_better_metric_puts_the_lowest_on_top(table: pl.DataFrame) -> None:
    figure = language_heatmap(table, "chars_per_token")
    assert figure.data[0].y[0] == "English (Latin)" and figure.data[0].reversescale


def test_ranked_bars_colour_by_script_and_order_worst_first(table: pl.DataFrame) -> None:
    figure = ranked_bars(table, "b", "fertility")
    assert [trace.name for trace in figure.data] == ["Myanmar", "Devanagari", "Latin"]
    assert list(figure.layout.yaxis.categoryarray) == ["Burmese", "Hindi", "English"]
    assert figure.layout.xaxis.title.text == "Fertility (tokens per word unit)"


def test_map_places_languages_and_fetches_no_outlines(table: pl.DataFrame) -> None:
    figure = language_map(table, "a", "parity")
    marker = figure.data[0]
    assert list(marker.lat) == [53.0, 21.0, 25.0] and list(marker.text) == ["English", "Burmese", "Hindi"]
    assert "script: %{customdata[0]}" in marker.hovertemplate
    geo = figure.layout.geo
    assert not any([geo.showland, geo.showcoastlines, geo.showcountries, geo.showocean, geo.showlakes, geo.showrivers])
    assert "latitude in degrees" in figure.layout.title.text


def test_comparison_bars_mark_cheaper_and_dearer(table: pl.DataFrame) -> None:
    comparison = compare_tokenizers(table, "a", "b")
    figure = comparison_bars(comparison, "A", "B")
    assert list(figure.data[0].y) == ["Burmese", "English", "Hindi"]
    assert list(figure.data[0].marker.color) == ["#2a9d8f", "#999", "#e76f51"]
    assert figure.layout.xaxis.title.text == "tokens with B / tokens with A (×)"


@pytest.mark.parametrize("metric", list(LANGUAGE_METRICS))
def test_every_metric_has_a_caption_with_its_meaning_and_source(metric: str) -> None:
    caption = metric_caption(metric, "fra")
    assert caption.startswith(LANGUAGE_METRICS[metric].label) and "Source: the Universal Declaration" in caption
    if metric == "parity":
        assert "reference language (fra)" in caption
