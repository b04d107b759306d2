"""The segmentation explorer under Streamlit's AppTest: widgets, counts, views, links."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import tokenlab
from tokenlab.samples import SAMPLES

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    return at.run()


def token_counts(at: AppTest) -> dict[str, int]:
    summary = at.dataframe[0].value
    return dict(zip(summary["tokenizer"], summary["tokens"]))


def panels(at: AppTest) -> list[str]:
    return [html.proto.body for html in at.get("html") if 'class="tl-seg' in html.proto.body]


def test_default_view_segments_the_sample_with_four_tokenizers() -> None:
    at = open_app()
    assert not at.exception
    assert at.multiselect(key="tokenizers").value == ["o200k_base", "llama3", "qwen3", "gemma3"]
    expected = {tokenlab.tokenizer_info(t).label: len(tokenlab.load_tokenizer(t).encode(at.text_area(key="text").value))
                for t in ("o200k_base", "llama3", "qwen3", "gemma3")}  # fmt: skip
    assert token_counts(at) == expected
    assert len(panels(at)) == 4


def test_changing_text_and_tokenizers_updates_counts_and_link() -> None:
    at = open_app()
    at.text_area(key="text").input("Hello world").run()
    at.multiselect(key="tokenizers").set_value(["bert-base-uncased", "gpt2"]).run()
    assert not at.exception
    assert token_counts(at) == {"BERT base uncased": 2, "GPT-2 / GPT-3 (r50k_base)": 2}
    assert at.query_params["tok"] == "bert-base-uncased,gpt2"
    assert at.query_params["text"] == "Hello world"


def test_view_toggles_change_the_rendering() -> None:
    at = open_app(tok="o200k_base", text="Hello world")
    at.radio(key="view").set_value("ids").run()
    assert '>13225</span>' in panels(at)[0]
    at.radio(key="view").set_value("pieces").run()
    at.toggle(key="ws").set_value(True).run()
    assert '<span class="tl-ws">·</span>world' in panels(at)[0]
    assert at.query_params["view"] == "pieces" and at.query_params["ws"] == "1"


def test_format_tokens_toggle_counts_bos_and_cls_sep() -> None:
    at = open_app(tok="bert-base-uncased,llama3,o200k_base", text="Hello world")
    assert list(token_counts(at).values()) == [2, 2, 2]
    at.toggle(key="special").set_value(True).run()
    assert list(token_counts(at).values()) == [4, 3, 2]
    assert any("[CLS] …text… [SEP]" in caption.value for caption in at.caption)


def test_link_restores_state_and_reports_unknown_ids() -> None:
    at = open_app(tok="qwen3,nope,gpt2", view="ids", ws="1", text="Shared text")
    assert at.multiselect(key="tokenizers").value == ["qwen3", "gpt2"]
    assert at.radio(key="view").value == "ids"
    assert at.toggle(key="ws").value is True
    assert at.text_area(key="text").value == "Shared text"
    assert at.warning[0].value == "The link named tokenizers tokenlab does not bundle: nope."


def test_sample_picker_fills_the_text_area() -> None:
    at = open_app()
    at.selectbox(key="sample").select("Chinese").run()
    assert at.text_area(key="text").value == SAMPLES["Chinese"]
    assert not at.exception


def test_no_tokenizer_or_no_text_explains_what_to_do() -> None:
    at = open_app()
    at.multiselect(key="tokenizers").set_value([]).run()
    assert at.info[0].value == "Pick at least one tokenizer."
    at.multiselect(key="tokenizers").set_value(["gpt2"]).run()
    at.text_area(key="text").input("").run()
    assert at.info[0].value == "Type or paste some text, or load a sample."


def test_tokenizers_page_lists_the_catalogue() -> None:
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("pages/tokenizers.py").run()
    assert not at.exception
    assert at.dataframe[0].value["id"].tolist()[:3] == ["gpt2", "cl100k_base", "o200k_base"]


def test_a_hundred_thousand_characters_are_counted_exactly_and_rendered_capped() -> None:
    from tests.samples import MULTILINGUAL

    block = " ".join(MULTILINGUAL.values())
    text = (block * (100_000 // len(block) + 1))[:100_000]
    at = open_app(tok="o200k_base,gemma3")
    at.text_area(key="text").input(text).run()
    assert not at.exception
    assert token_counts(at) == {
        "GPT-4o (o200k_base)": len(tokenlab.load_tokenizer("o200k_base").encode(text)),
        "Gemma 3": len(tokenlab.load_tokenizer("gemma3").encode(text)),
    }
    assert all("Showing the first 3,000 of" in panel for panel in panels(at))
    assert "text" not in at.query_params  # too long for a link


def test_inputs_survive_a_visit_to_another_page() -> None:
    at = open_app(tok="o200k_base,llama3", view="ids", text="Hello world")
    at.switch_page("pages/tokenizers.py").run()
    at.switch_page("pages/segment.py").run()
    assert at.multiselect(key="tokenizers").value == ["o200k_base", "llama3"]
    assert at.text_area(key="text").value == "Hello world"
    assert at.radio(key="view").value == "ids"
    assert not at.warning  # the unknown-id warning belongs to opening a link, not to every rerun
