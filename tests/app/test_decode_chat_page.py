"""The Decode & chat page under AppTest: ids decoded or refused, a chat counted per model."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tokenlab.text.markup import markdown_text

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/decode_chat.py"


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    return at


def chat_rows(at: AppTest) -> list[tuple[object, ...]]:
    return [tuple(row) for row in at.dataframe[1].value.itertuples(index=False)]


def test_default_decodes_gpt4o_ids_and_counts_a_two_turn_chat() -> None:
    at = open_page()
    assert at.title[0].value == "Decode ids, count a chat"
    assert at.caption[2].value == (
        f"9 ids decoded by {markdown_text('GPT-4o (o200k_base)')}'s own library: 31 characters, "
        "1 special token (marked)."
    )
    assert at.code[0].value == "Hello, world! 你好 👋<|endoftext|>"
    decoded = at.dataframe[0].value
    assert decoded["id"].tolist() == [13225, 11, 2375, 0, 220, 177519, 61138, 233, 199999]
    assert decoded["kind"].tolist()[-1] == "special"
    assert chat_rows(at) == [
        ("Qwen3", 23, 9, 14),
        ("Gemma 3", 20, 9, 11),
        ("DeepSeek-V3", 13, 9, 4),
        ("Gemma 2", 20, 9, 11),
    ]
    assert at.caption[3].value == f"No chat template in the bundled files of {markdown_text('Llama 3')}."
    assert [expander.label for expander in at.expander][-4:] == [
        "Qwen3: 23 tokens, 14 from the template",
        "Gemma 3: 20 tokens, 11 from the template",
        "DeepSeek-V3: 13 tokens, 4 from the template",
        "Gemma 2: 20 tokens, 11 from the template",
    ]


def test_ids_that_are_not_ids_or_not_in_the_vocabulary_are_refused_in_words() -> None:
    at = open_page()
    at.text_area(key="decode_ids").input("9906, two").run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        markdown_text(
            "Item 2, 'two', is not a whole number. Ids are whole numbers such as 9906, separated by commas or spaces."
        )
    ]
    assert len(at.dataframe) == 1  # the chat's table only
    at.selectbox(key="decode_tokenizer").set_value("gpt2")
    at.text_area(key="decode_ids").input("[15496, 50257]").run()
    assert at.error[0].value == markdown_text(
        "GPT-2 / GPT-3 (r50k_base) has no token with id 50257 (item 2): its vocabulary has 50,257 entries, counted "
        "from 0. Check that the ids come from this tokenizer, or pick the one they came from."
    )
    at.text_area(key="decode_ids").input("").run()
    assert at.info[0].value == "Paste some token ids, such as [9906, 1917]."


def test_another_tokenizer_decodes_its_own_ids() -> None:
    at = open_page()
    at.selectbox(key="decode_tokenizer").set_value("mistral-v1")
    at.text_area(key="decode_ids").input("1 22557 1526 2").run()
    assert not at.exception
    assert at.code[0].value == "Hello world"
    assert at.dataframe[0].value["piece"].tolist() == ["<s>", " Hello", " world", "</s>"]


def test_a_system_turn_and_the_generation_prompt_change_the_counts() -> None:
    at = open_page()
    at.button[1].click().run()  # "Add a turn": a user turn after the assistant's
    at.text_area(key="chat_content_2").input("And of Spain?").run()
    at.toggle(key="chat_generation_prompt").set_value(True).run()
    assert not at.exception
    # transformers' apply_chat_template gives 31 ids: no <think> block before the last question
    assert chat_rows(at)[0] == ("Qwen3", 31, 13, 18)
    at.selectbox(key="chat_role_0").set_value("system").run()
    # system, assistant, user: Qwen3 and DeepSeek take it, both Gemma templates refuse it in their own words
    assert [row[0] for row in chat_rows(at)] == ["Qwen3", "DeepSeek-V3"]
    assert [warning.value for warning in at.warning] == [
        markdown_text(
            "Gemma 3's chat template refuses this conversation: Conversation roles must alternate "
            "user/assistant/user/assistant/..."
        ),
        markdown_text("Gemma 2's chat template refuses this conversation: System role not supported"),
    ]
    at.multiselect(key="chat_tokenizers").set_value([]).run()
    assert at.info[-1].value == "Pick at least one tokenizer."


def test_a_visitors_text_is_shown_as_text() -> None:
    at = open_page()
    at.text_area(key="decode_ids").input("[Download](https://evil.example/x)").run()
    at.text_area(key="chat_content_0").input("<script>alert(1)</script> [x](https://evil.example/x)").run()
    assert not at.exception
    shown = [element.value for kind in ("markdown", "caption", "warning", "error", "info") for element in at.get(kind)]
    assert shown and not [source for source in shown if "](" in source]
    prompts = [html.proto.body for html in at.get("html") if "tl-marked" in html.proto.body]
    assert len(prompts) == 4 and all("&lt;script&gt;alert(1)&lt;/script&gt;" in body for body in prompts)
    assert not [body for body in prompts if "<script>" in body]
