"""Per-language figures: built from a small hand-made language table, inspected directly."""

from __future__ import annotations

import math

import polars as pl
import pytest

from tokenlab.charts.languages import (
    MAX_TEXT_COLUMNS,
    ColourScale,
    comparison_bars,
    language_heatmap,
    language_map,
    map_config,
    metric_caption,
    ranked_bars,
    short_labels,
)
from tokenlab.metrics.languages import LANGUAGE_METRICS, TABLE_SCHEMA, compare_tokenizers, shown_languages

ROWS = [  # tokenizer, group, name, script, script_name, latitude, longitude, tokens, value
    ("a", "eng", "English", "Latn", "Latin", 53.0, -1.0, 100, 1.0),
    ("a", "mya", "Burmese", "Mymr", "Myanmar", 21.0, 96.0, 900, 9.0),
    ("a", "hin", "Hindi", "Deva", "Devanagari", 25.0, 77.0, 300, 3.0),
    ("b", "eng", "English", "Latn", "Latin", 53.0, -1.0, 100, 1.0),
    ("b", "mya", "Burmese", "Mymr", "Myanmar", 21.0, 96.0, 400, 4.0),
    ("b", "hin", "Hindi", "Deva", "Devanagari", 25.0, 77.0, 330, 3.3),
]


def _frame(rows: list[tuple[object, ...]], flagged: frozenset[tuple[str, str]] = frozenset()) -> pl.DataFrame:
    """A language table of `rows`, with 30 articles, full coverage but for the `flagged` pairs."""
    records = []
    for tokenizer, group, name, script, script_name, latitude, longitude, tokens, value in rows:
        marked = (tokenizer, group) in flagged
        records.append(
            {
                "tokenizer": tokenizer,
                "group": group,
                "name": name,
                "script": script,
                "script_name": script_name,
                "latitude": latitude,
                "longitude": longitude,
                "metric": "parity",
                "unit": "× reference tokens",
                "reference": "eng",
                "articles": 30,
                "tokens": tokens,
                "value": value,
                "ci_low": value * 0.9,
                "ci_high": value * 1.1,
                "coverage": 0.04 if marked else 1.0,
                "flagged": marked,
                "ranked": not marked,
                "note": "coverage 4.0% < 90%: left out of rankings" if marked else "",
            }
        )
    return pl.DataFrame(records, schema=TABLE_SCHEMA)


@pytest.fixture
def table() -> pl.DataFrame:
    return _frame(ROWS)


@pytest.fixture
def with_unknown_thai() -> pl.DataFrame:
    thai = [
        ("a", "tha", "Thai", "Thai", "Thai", 15.0, 101.0, 900, 9.0),
        ("b", "tha", "Thai", "Thai", "Thai", 15.0, 101.0, 20, 0.2),
    ]
    return _frame(ROWS + thai, flagged=frozenset({("b", "tha")}))


def test_heatmap_puts_the_worst_served_language_on_top(table: pl.DataFrame) -> None:
    figure = language_heatmap(table, "parity", {"a": "Tokenizer A"})
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["Burmese (Myanmar)", "Hindi (Devanagari)", "English (Latin)"]
    assert list(heatmap.x) == ["Tokenizer A", "b"]
    # Spread over 9×: coloured on a log scale, labelled in the values themselves.
    assert [list(row) for row in heatmap.z] == [[math.log10(v) for v in row] for row in [[9, 4], [3, 3.3], [1, 1]]]
    assert list(heatmap.colorbar.ticktext) == ["1", "1.5", "2", "3", "5", "7"]
    assert list(heatmap.colorbar.tickvals) == [math.log10(t) for t in (1, 1.5, 2, 3, 5, 7)]
    assert figure.layout.title.text.startswith("Parity vs reference (tokenization premium)<br><sup>by language")
    assert heatmap.colorbar.title.text == "× reference tokens (log scale)"


def test_values_spread_less_than_fourfold_keep_a_linear_colour_scale() -> None:
    assert ColourScale.of([1.0, 3.9, None]) == ColourScale(log=False)
    assert ColourScale.of([0.0, 10.0]).log is False
    scale = ColourScale.of([1.2, 16.0])
    assert scale.ticks == (1.5, 2, 3, 5, 7, 10, 15) and scale.colour(10.0) == 1.0


def test_heatmap_of_24_tokenizers_keeps_its_labels_apart(table: pl.DataFrame) -> None:
    one = table.filter(pl.col("tokenizer") == "a")
    many = pl.concat([one.with_columns(tokenizer=pl.lit(f"tok{i}")) for i in range(24)])
    names = {f"tok{i}": f"Tokenizer number {i} (tok{i})" for i in range(24)}
    figure = language_heatmap(many, "parity", names)
    assert len(figure.data[0].x) == 24 and figure.data[0].text is None  # numbers stay in the hover
    assert figure.layout.xaxis.automargin and figure.layout.title.automargin
    assert figure.layout.xaxis.side == "bottom" and figure.layout.xaxis.tickangle == -40


def test_heatmap_of_a_higher_is_better_metric_puts_the_lowest_on_top(table: pl.DataFrame) -> None:
    figure = language_heatmap(table, "chars_per_token")
    assert figure.data[0].y[0] == "English (Latin)" and figure.data[0].reversescale


def test_ranked_bars_colour_by_value_and_order_worst_first(table: pl.DataFrame) -> None:
    figure = ranked_bars(table, "b", "fertility")
    (bars,) = figure.data
    assert list(bars.y) == ["Burmese", "Hindi", "English"] and not bars.showlegend
    assert list(bars.marker.color) == [math.log10(4.0), math.log10(3.3), 0.0]  # spread 4×: log scale
    assert [row[0] for row in bars.customdata] == ["Myanmar", "Devanagari", "Latin"]  # the script, in the hover
    assert list(bars.error_x.array) == pytest.approx([0.4, 0.33, 0.1])  # the interval: 4.0 (3.6-4.4)
    assert list(figure.layout.yaxis.categoryarray) == ["Burmese", "Hindi", "English"]
    assert figure.layout.xaxis.title.text == "Fertility (tokens per word unit)"


def test_map_places_languages_over_outlines_read_from_the_given_url(table: pl.DataFrame) -> None:
    figure = language_map(table, "a", "parity")
    marker = figure.data[0]
    assert list(marker.lat) == [53.0, 21.0, 25.0] and list(marker.text) == ["English", "Burmese", "Hindi"]
    assert "script: %{customdata[0]}" in marker.hovertemplate
    assert "30 articles · coverage 100.0%" in marker.customdata[0][1]
    geo = figure.layout.geo
    assert geo.showcountries and geo.showland and geo.showcoastlines and geo.resolution == 110
    assert "3 languages at their UDHR coordinates" in figure.layout.title.text
    assert map_config("/app/static/topojson/") == {"topojsonURL": "/app/static/topojson/"}


def test_comparison_bars_mark_cheaper_and_dearer(table: pl.DataFrame) -> None:
    comparison = compare_tokenizers(table, "a", "b")
    figure = comparison_bars(comparison, "A", "B")
    assert list(figure.data[0].y) == ["Burmese", "English", "Hindi"]
    assert list(figure.data[0].marker.color) == ["#2a9d8f", "#999", "#e76f51"]
    assert figure.layout.xaxis.title.text == "tokens with B / tokens with A (×)"


def test_flagged_cells_are_grey_with_a_mark_and_the_reason_in_the_hover(with_unknown_thai: pl.DataFrame) -> None:
    figure = language_heatmap(with_unknown_thai, "parity")
    coloured, grey, legend = figure.data
    row = list(coloured.y).index("Thai (Thai)")
    assert list(coloured.z[row]) == [math.log10(9.0), None]  # b's Thai is not coloured as if it were cheap...
    assert list(grey.z[row]) == [None, 1.0]  # ...but grey,
    assert grey.text[row][1] == "0.2 ⚠"  # marked,
    assert "coverage 4.0% < 90%" in grey.customdata[row][1]  # and explained one hover away
    assert "95% CI 8.1–9.9" in coloured.customdata[row][0]
    assert legend.name.startswith("⚠ coverage below threshold")


def test_flagged_languages_are_left_out_of_rankings(with_unknown_thai: pl.DataFrame) -> None:
    figure = ranked_bars(with_unknown_thai, "b", "parity")
    assert list(figure.layout.yaxis.categoryarray) == ["Burmese", "Hindi", "English", "⚠ Thai"]
    hatched = figure.data[-1]
    assert hatched.marker.pattern.shape == "/" and list(hatched.y) == ["⚠ Thai"]
    assert "3 ranked, 1 not ranked: coverage" in figure.layout.title.text
    world = language_map(with_unknown_thai, "b", "parity")
    assert list(world.data[1].text) == ["⚠ Thai"] and world.data[1].marker.symbol == "circle-open"
    comparison = compare_tokenizers(with_unknown_thai, "a", "b")
    bars = comparison_bars(comparison, "A", "B")
    assert "⚠ Thai" not in list(bars.data[0].y) and list(bars.data[1].y) == ["⚠ Thai"]


@pytest.mark.parametrize("metric", list(LANGUAGE_METRICS))
def test_every_metric_has_a_caption_with_its_meaning_and_source(metric: str) -> None:
    caption = metric_caption(metric, "fra")
    assert caption.startswith(LANGUAGE_METRICS[metric].label) and "Source: the Universal Declaration" in caption
    if metric == "parity":
        assert "reference language (fra)" in caption


def test_charts_show_the_top_worst_served_or_the_languages_found(table: pl.DataFrame) -> None:
    def groups(frame: pl.DataFrame) -> list[str]:
        return sorted(frame.get_column("group").unique().to_list())

    assert groups(shown_languages(table, 2)) == ["hin", "mya"]  # mean parity 6.5 and 3.15, then English 1.0
    assert groups(shown_languages(table, 1, higher_is_worse=False)) == ["eng"]
    assert groups(shown_languages(table, None, find="  HIN")) == ["hin"]  # by code, any case
    assert groups(shown_languages(table, 5, find="bur")) == ["mya"]  # by name
    assert shown_languages(table, None).equals(table)
    assert shown_languages(table, 3, find="klingon").is_empty()


def test_long_language_names_are_cut_on_the_axis_and_named_in_full_in_the_hover() -> None:
    assert short_labels(["Inuktitut, Eastern Canadian (Canadian_Aboriginal)", "English (Latin)"]) == [
        "Inuktitut, Eastern Cana…",
        "English (Latin)",
    ]
    assert short_labels(["Quechua, Cusco, Peru, long one", "Quechua, Cusco, Peru, long two"]) == [
        "Quechua, Cusco, Peru, l…",
        "Quechua, Cusco, Peru, l… 2",
    ]


def test_heatmap_hover_names_language_and_tokenizer_and_the_colour_bar_lies_under_the_grid(
    table: pl.DataFrame,
) -> None:
    heatmap = language_heatmap(table, "parity", {"a": "Tokenizer A"}).data[0]
    assert heatmap.customdata[0][0].startswith("Burmese (Myanmar)<br>Tokenizer A<br>Parity vs reference")
    assert heatmap.hovertemplate == "%{customdata}<extra></extra>"
    assert (heatmap.colorbar.orientation, heatmap.colorbar.yref, heatmap.colorbar.y) == ("h", "container", 0)
    assert list(heatmap.text[0]) == ["9.0", "4.0"]


def test_heatmap_numbers_stop_at_the_columns_a_phone_can_show(table: pl.DataFrame) -> None:
    one = table.filter(pl.col("tokenizer") == "a")
    for count, numbers in ((MAX_TEXT_COLUMNS, True), (MAX_TEXT_COLUMNS + 1, False)):
        many = pl.concat([one.with_columns(tokenizer=pl.lit(f"tok{i}")) for i in range(count)])
        assert (language_heatmap(many, "parity").data[0].text is not None) is numbers
