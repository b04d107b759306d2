"""Pasted token ids: every common spelling parses, anything else is refused by its item."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokenlab.errors import InvalidIdsError
from tokenlab.text.ids import parse_ids

NUMBERS = ". Ids are whole numbers such as 9906, separated by commas or spaces."
FLAT = "Paste one flat list of ids, such as [9906, 1917]: brackets may only surround the whole list."


@pytest.mark.parametrize(
    "raw",
    [
        "[9906, 1917, 0]",
        "9906,1917,0",
        "9906 1917 0",
        " 9906\n1917\t0 ",
        "[9906,1917,0]",
        "9906, 1917,, 0,",
        "+9906 1917 0",
    ],
)
def test_a_json_list_commas_and_spaces_parse_alike(raw: str) -> None:
    assert parse_ids(raw) == [9906, 1917, 0]


@pytest.mark.parametrize("raw", ["", "   ", "[]", "[ ]", ",\n,"])
def test_nothing_pasted_is_no_ids(raw: str) -> None:
    assert parse_ids(raw) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "9906, hello, 1917",
            "Item 2, 'hello', is not a whole number" + NUMBERS,
        ),
        (
            "1.5",
            "Item 1, '1.5', is not a whole number" + NUMBERS,
        ),
        (
            "1 0x1F",
            "Item 2, '0x1F', is not a whole number" + NUMBERS,
        ),
        ("1 2 -3", "Item 3, '-3', cannot be a token id: ids run from 0 to the vocabulary's size."),
        ("1" * 13, "Item 1, '1111111111111', cannot be a token id: ids run from 0 to the vocabulary's size."),
        ("9" * 5000, "Item 1, '99999999999999999999…', cannot be a token id: ids run from 0 to the vocabulary's size."),
        (
            "[[1, 2], [3]]",
            "Paste one flat list of ids, such as [9906, 1917]: brackets may only surround the whole list.",
        ),
        ("[1, 2", FLAT),
        (
            '{"ids": [1]}',
            "Paste one flat list of ids, such as [9906, 1917]: brackets may only surround the whole list.",
        ),
    ],
)
def test_what_is_not_an_id_is_refused_by_its_item(raw: str, message: str) -> None:
    with pytest.raises(InvalidIdsError) as refused:
        parse_ids(raw)
    assert str(refused.value) == message


def test_more_ids_than_the_limit_are_refused_before_parsing() -> None:
    with pytest.raises(InvalidIdsError) as refused:
        parse_ids(" ".join(["1"] * 11) + " word", limit=10)
    assert str(refused.value) == "12 items pasted; at most 10 ids are decoded at once. Decode the list in parts."
    assert parse_ids(" ".join(["7"] * 10), limit=10) == [7] * 10


SEPARATOR = st.sampled_from([",", " ", ", ", "\n", " ,\t", ",,"])


@given(ids=st.lists(st.integers(0, 10**12 - 1), max_size=50), separator=SEPARATOR, brackets=st.booleans())
def test_any_list_of_ids_survives_any_spelling(ids: list[int], separator: str, brackets: bool) -> None:
    body = separator.join(map(str, ids))
    assert parse_ids(f"[{body}]" if brackets else body) == ids


@given(raw=st.text(max_size=200))
def test_any_text_parses_to_ids_or_says_why_not(raw: str) -> None:
    try:
        ids = parse_ids(raw)
    except InvalidIdsError as error:
        assert str(error).endswith((".", "size."))
    else:
        assert all(isinstance(i, int) and 0 <= i < 10**12 for i in ids)
