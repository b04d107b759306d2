"""Rankings, comparisons and grids of the language table, on small tables whose answers are
worked out by hand (the boundaries included: a cost exactly 1% apart is "same")."""

from __future__ import annotations

import polars as pl

from tokenlab.metrics.languages import (
    NOT_COMPARED,
    TABLE_SCHEMA,
    compare_tokenizers,
    language_order,
    script_summary,
    shown_languages,
    worst_served,
    worst_served_grid,
)

COLUMNS = ("tokenizer", "group", "name", "script", "script_name", "articles", "tokens", "value", "coverage")
COLUMNS += ("flagged", "ranked")


def language_table(rows: list[tuple[str, str, str, int, float | None, bool | None]]) -> pl.DataFrame:
    """A language table of (tokenizer, group, script, tokens, value, flagged) rows; flagged
    None is a pair whose coverage is unknown, flagged True one left out of rankings."""
    return pl.DataFrame(
        [
            {
                "tokenizer": tokenizer,
                "group": group,
                "name": group.title(),
                "script": script,
                "script_name": script.upper(),
                "articles": 30,
                "tokens": tokens,
                "value": value,
                "coverage": 0.5 if flagged else 1.0,
                "flagged": flagged,
                "ranked": value is not None and not flagged,
            }
            for tokenizer, group, script, tokens, value, flagged in rows
        ],
        schema={name: TABLE_SCHEMA[name] for name in COLUMNS},
    )


def test_b_against_a_with_its_one_percent_band_and_unknown_coverage_read_as_unflagged() -> None:
    table = language_table(
        [
            ("a", "edge_low", "Latn", 100, 1.0, None),  # B at 99/100: exactly 1% cheaper is still "same"
            ("b", "edge_low", "Latn", 99, 1.0, False),
            ("a", "edge_high", "Latn", 100, 1.0, False),  # B at 101/100: exactly 1% dearer is still "same"
            ("b", "edge_high", "Latn", 101, 1.0, None),
            ("a", "dear", "Deva", 100, 1.0, False),
            ("b", "dear", "Deva", 150, 1.5, False),
            ("a", "cheap", "Thai", 100, 1.0, False),
            ("b", "cheap", "Thai", 50, 0.5, False),
            ("a", "unread", "Khmr", 100, 1.0, False),
            ("b", "unread", "Khmr", 10, 0.1, True),
        ]
    )
    compared = compare_tokenizers(table, "a", "b")
    assert compared.columns == [
        "group", "name", "script", "tokens_a", "tokens_b", "ratio", "verdict", "coverage_a", "coverage_b", "flagged"
    ]  # fmt: skip
    assert compared.select("group", "name", "script", "verdict", "coverage_a", "coverage_b", "flagged").rows() == [
        ("unread", "Unread", "Khmr", NOT_COMPARED, 1.0, 0.5, True),
        ("cheap", "Cheap", "Thai", "cheaper", 1.0, 1.0, False),
        ("edge_low", "Edge_Low", "Latn", "same", 1.0, 1.0, False),
        ("edge_high", "Edge_High", "Latn", "same", 1.0, 1.0, False),
        ("dear", "Dear", "Deva", "dearer", 1.0, 1.0, False),
    ]
    assert compared.select("tokens_a", "tokens_b", "ratio").rows()[1:] == [
        (100, 50, 0.5),
        (100, 99, 0.99),
        (100, 101, 1.01),
        (100, 150, 1.5),
    ]


def _languages(n: int) -> list[str]:
    return [f"l{i:02d}" for i in range(n)]


def test_worst_served_ranks_ten_per_tokenizer_in_order_of_appearance_ties_by_row() -> None:
    rows = [("b", group, "Latn", 100, float(i), False) for i, group in enumerate(_languages(12))]
    rows += [("a", "l00", "Latn", 100, 5.0, False), ("a", "l01", "Latn", 100, 5.0, False)]  # a tie
    rows += [("a", "l02", "Latn", 100, 9.0, True)]  # flagged: never ranked
    worst = worst_served(language_table(rows))
    assert worst.columns == ["tokenizer", "rank", "group", "name", "script", "value", "coverage", "articles"]
    assert worst.select("tokenizer", "rank", "group", "value").rows() == [
        *[("b", rank, f"l{11 - rank + 1:02d}", float(11 - rank + 1)) for rank in range(1, 11)],
        ("a", 1, "l00", 5.0),
        ("a", 2, "l01", 5.0),
    ]
    best = worst_served(language_table(rows), n=2, higher_is_worse=False)
    assert best.select("tokenizer", "rank", "group").rows() == [
        ("b", 1, "l00"),
        ("b", 2, "l01"),
        ("a", 1, "l00"),
        ("a", 2, "l01"),
    ]


def test_the_grid_rounds_to_two_digits_and_keeps_the_tokenizers_order() -> None:
    rows = [("b", "l00", "Latn", 100, 1.23456, False), ("a", "l00", "Latn", 100, 2.5, False)]
    grid = worst_served_grid(worst_served(language_table(rows)))
    assert grid.rows() == [(1, "L00 (1.23)", "L00 (2.5)")]
    assert grid.columns == ["rank", "b", "a"]


def test_language_order_breaks_ties_by_code_and_puts_unranked_languages_last() -> None:
    rows = [
        ("a", "zzz", "Latn", 100, 2.0, False),
        ("a", "aaa", "Latn", 100, 2.0, False),
        ("a", "mmm", "Latn", 100, 3.0, False),
        ("a", "nul", "Latn", 100, None, False),
        ("a", "flg", "Latn", 100, 9.0, True),
    ]
    table = language_table(rows)
    assert language_order(table) == ["mmm", "aaa", "zzz", "flg", "nul"]
    assert language_order(table, higher_is_worse=False) == ["aaa", "zzz", "mmm", "flg", "nul"]


def test_scripts_by_number_of_languages_then_code() -> None:
    rows = [
        ("a", "l1", "Latn", 100, 1.0, False),
        ("a", "l2", "Latn", 100, 3.0, False),
        ("a", "l3", "Cyrl", 100, 2.0, False),
        ("a", "l4", "Arab", 100, 4.0, False),
        ("a", "l5", "Thai", 100, 9.0, True),
    ]
    summary = script_summary(language_table(rows))
    assert summary.rows() == [
        ("Latn", "LATN", 2, 2.0),
        ("Arab", "ARAB", 1, 4.0),
        ("Cyrl", "CYRL", 1, 2.0),
        ("Thai", "THAI", 1, None),  # its one language is flagged: no median
    ]
    assert summary.columns == ["script", "script_name", "languages", "a"]


def test_the_search_is_literal_text_in_a_name_or_a_code() -> None:
    rows = [
        ("a", "uzn", "Latn", 100, 1.0, False),
        ("a", "zsm", "Latn", 100, 2.0, False),
    ]
    table = language_table(rows).with_columns(name=pl.Series(["Uzbek (Latin)", "Malay"]))
    assert shown_languages(table, None, find="k (lat").get_column("group").to_list() == ["uzn"]  # "(" as text
    assert shown_languages(table, None, find=".").is_empty()  # not "any character"
    assert shown_languages(table, None, find="ZSM").get_column("group").to_list() == ["zsm"]  # by code alone
