"""Links: explorer state survives a round trip through query parameters; hostile links do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab.text.render import VIEWS
from tokenlab.text.share import (
    MAX_SHARED_TEXT_CHARS,
    ExplorerState,
    state_from_params,
    state_to_params,
    text_key,
    text_params,
    text_travel_note,
)

IDS = [info.id for info in tokenlab.list_tokenizers()]
DEFAULT = ExplorerState(("o200k_base", "llama3"), text="default")


def test_state_becomes_readable_parameters() -> None:
    state = ExplorerState(("o200k_base", "qwen3"), view="ids", show_whitespace=True, text="Hi")
    assert state_to_params(state) == {"tok": "o200k_base,qwen3", "view": "ids", "ws": "1", "text": "Hi"}


def test_a_long_text_travels_as_its_key_and_comes_back_as_a_key_to_look_up() -> None:
    text = "x" * (MAX_SHARED_TEXT_CHARS + 1)
    params = state_to_params(ExplorerState(("gpt2",), text=text))
    assert params == {"tok": "gpt2", "view": "text", "text_key": "9f2c9dcddb048a0b2baf27b3fec5efb4"}
    reopened = state_from_params(params, IDS, DEFAULT)
    assert (reopened.text, reopened.text_key) == (None, text_key(text))


def test_a_text_travels_itself_then_as_its_key_then_not_at_all() -> None:
    assert text_params("x" * 2000) == {"text": "x" * 2000}
    assert text_params("x" * 2001) == {"text_key": text_key("x" * 2001)}
    assert text_params("x" * 100_000) == {"text_key": text_key("x" * 100_000)}
    assert text_params("x" * 100_001) == {}
    assert text_travel_note("x") == "Your text (1 character) is in the link itself."
    assert text_travel_note("x" * 12_345) == (
        "Your text (12,345 characters) is kept on this server for 30 days under its hash, which the link carries."
    )
    assert text_travel_note("x" * 100_001, "The text measured on") == (
        "The text measured on (100,001 characters) is too long to keep for a link (at most 100,000) and stays out "
        "of it."
    )


@pytest.mark.parametrize(
    "params",
    [
        {"text_key": "not-a-key"},
        {"text_key": "ABCDEF0123456789ABCDEF0123456789"},
        {"text_key": "x'); DROP TABLE shared_texts; --"},
        {"text_key": "0123456789abcdef0123456789abcdef", "text": "given"},
    ],
)
def test_a_malformed_key_or_one_beside_a_text_is_never_looked_up(params: dict[str, str]) -> None:
    state = state_from_params(params, IDS, DEFAULT)
    assert state.text_key is None
    assert state.text == params.get("text", "default")


@given(
    tokenizers=st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True).map(tuple),
    view=st.sampled_from(VIEWS),
    show_whitespace=st.booleans(),
    with_format=st.booleans(),
    text=st.text(max_size=MAX_SHARED_TEXT_CHARS),
    pick=st.integers(min_value=0, max_value=5),
)
def test_round_trip_restores_the_same_state(tokenizers, view, show_whitespace, with_format, text, pick) -> None:
    reference = tokenizers[pick % len(tokenizers)]
    state = ExplorerState(tokenizers, view, show_whitespace, with_format, text, reference)
    restored = state_from_params(state_to_params(state), IDS, DEFAULT)
    assert restored == state
    assert restored.reference_id == reference


def test_a_picked_reference_travels_and_the_first_needs_no_parameter() -> None:
    picked = ExplorerState(("o200k_base", "qwen3", "gpt2"), text="Hi", reference="qwen3")
    assert state_to_params(picked) == {"tok": "o200k_base,qwen3,gpt2", "view": "text", "ref": "qwen3", "text": "Hi"}
    first = ExplorerState(("o200k_base", "qwen3"), reference="o200k_base")
    assert first.reference is None and first.reference_id == "o200k_base"
    assert "ref" not in state_to_params(first)


def test_a_reference_outside_the_links_tokenizers_falls_back_to_the_first() -> None:
    for ref in ("llama3", "<script>", "", "o200k_base"):
        state = state_from_params({"tok": "o200k_base,gpt2", "ref": ref}, IDS, DEFAULT)
        assert (state.reference, state.reference_id) == (None, "o200k_base"), ref
    assert state_from_params({"tok": "o200k_base,gpt2", "ref": "gpt2"}, IDS, DEFAULT).reference_id == "gpt2"


PARAMETERS = ["tok", "view", "ws", "special", "text", "ref", "x"]


@given(params=st.dictionaries(st.sampled_from(PARAMETERS), st.text(max_size=50)))
def test_any_parameters_give_a_valid_state(params: dict[str, str]) -> None:
    state = state_from_params(params, IDS, DEFAULT)
    assert state.tokenizers and set(state.tokenizers) <= set(IDS)
    assert state.view in VIEWS
    assert state.reference_id in state.tokenizers


def test_unknown_ids_are_dropped_and_reported() -> None:
    state = state_from_params({"tok": "o200k_base,<script>,gpt2,o200k_base"}, IDS, DEFAULT)
    assert state.tokenizers == ("o200k_base", "gpt2")
    assert state.dropped == ("<script>",)


def test_no_valid_id_falls_back_to_the_default() -> None:
    assert state_from_params({"tok": "nope", "view": "hex"}, IDS, DEFAULT).tokenizers == DEFAULT.tokenizers
    assert state_from_params({"view": "hex"}, IDS, DEFAULT).view == "text"
