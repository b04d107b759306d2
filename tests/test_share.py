"""Links: explorer state survives a round trip through query parameters; hostile links do not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import tokenlab
from tokenlab.render import VIEWS
from tokenlab.share import MAX_SHARED_TEXT_CHARS, ExplorerState, state_from_params, state_to_params

IDS = [info.id for info in tokenlab.list_tokenizers()]
DEFAULT = ExplorerState(("o200k_base", "llama3"), text="default")


def test_state_becomes_readable_parameters() -> None:
    state = ExplorerState(("o200k_base", "qwen3"), view="ids", show_whitespace=True, text="Hi")
    assert state_to_params(state) == {"tok": "o200k_base,qwen3", "view": "ids", "ws": "1", "text": "Hi"}


def test_long_text_is_left_out_of_links() -> None:
    state = ExplorerState(("gpt2",), text="x" * (MAX_SHARED_TEXT_CHARS + 1))
    assert "text" not in state_to_params(state)


@given(
    tokenizers=st.lists(st.sampled_from(IDS), min_size=1, max_size=6, unique=True).map(tuple),
    view=st.sampled_from(VIEWS),
    show_whitespace=st.booleans(),
    with_format=st.booleans(),
    text=st.text(max_size=MAX_SHARED_TEXT_CHARS),
)
def test_round_trip_restores_the_same_state(tokenizers, view, show_whitespace, with_format, text) -> None:  # noqa: ANN001
    state = ExplorerState(tokenizers, view, show_whitespace, with_format, text)
    assert state_from_params(state_to_params(state), IDS, DEFAULT) == state


@given(params=st.dictionaries(st.sampled_from(["tok", "view", "ws", "special", "text", "x"]), st.text(max_size=50)))
def test_any_parameters_give_a_valid_state(params: dict[str, str]) -> None:
    state = state_from_params(params, IDS, DEFAULT)
    assert state.tokenizers and set(state.tokenizers) <= set(IDS)
    assert state.view in VIEWS


def test_unknown_ids_are_dropped_and_reported() -> None:
    state = state_from_params({"tok": "o200k_base,<script>,gpt2,o200k_base"}, IDS, DEFAULT)
    assert state.tokenizers == ("o200k_base", "gpt2")
    assert state.dropped == ("<script>",)


def test_no_valid_id_falls_back_to_the_default() -> None:
    assert state_from_params({"tok": "nope", "view": "hex"}, IDS, DEFAULT).tokenizers == DEFAULT.tokenizers
    assert state_from_params({"view": "hex"}, IDS, DEFAULT).view == "text"
