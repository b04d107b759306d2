"""The segmentation explorer under Streamlit's AppTest: widgets, counts, views, links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import tokenlab
from tests.reference import reference_encoder
from tokenlab.text.markup import markdown_text
from tokenlab.text.samples import DEFAULT_SAMPLE, SAMPLES
from tokenlab.text.share import MISSING_TEXT, text_key
from tokenlab.text.user_text import clip_text
from ui.tables import LABEL_PX, PHONE_TABLE_PX, VALUE_PX

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# Long texts are kept for links in the profile cache: a throwaway one, never the user's.
pytestmark = pytest.mark.usefixtures("temporary_store")


def open_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    return at.run()


def token_counts(at: AppTest) -> dict[str, int]:
    summary = at.dataframe[0].value
    return dict(zip(summary["tokenizer"], summary["tokens"], strict=True))


def panels(at: AppTest) -> list[str]:
    return [html.proto.body for html in at.get("html") if 'class="tl-seg' in html.proto.body]


def test_default_view_segments_the_sample_with_four_tokenizers() -> None:
    at = open_app()
    assert not at.exception
    assert at.multiselect(key="tokenizers").value == ["o200k_base", "llama3", "qwen3", "gemma3"]
    expected = {
        tokenlab.tokenizer_info(t).label: len(reference_encoder(t)(at.text_area(key="text").value))
        for t in ("o200k_base", "llama3", "qwen3", "gemma3")
    }
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
    assert ">13225</span>" in panels(at)[0]
    at.radio(key="view").set_value("pieces").run()
    at.toggle(key="ws").set_value(True).run()
    assert '<span class="tl-ws">·</span>world' in panels(at)[0]
    assert at.query_params["view"] == "pieces" and at.query_params["ws"] == "1"


def test_format_tokens_toggle_counts_bos_cls_sep_and_sentencepiece_bos() -> None:
    at = open_app(tok="bert-base-uncased,llama3,o200k_base,mistral-v1", text="Hello world")
    assert list(token_counts(at).values()) == [2, 2, 2, 2]
    at.toggle(key="special").set_value(True).run()
    # [CLS] + 2 + [SEP]; <|begin_of_text|> + 2; GPT-4o adds nothing; SentencePiece's <s> + 2.
    assert list(token_counts(at).values()) == [4, 3, 2, 3]
    assert any(markdown_text("[CLS] …text… [SEP]") in caption.value for caption in at.caption)


def test_cost_table_prices_one_call_and_n_calls() -> None:
    at = open_app(tok="o200k_base,llama3", text="Hello world")  # 2 tokens each
    # The price editor's edits, as the browser sends them (AppTest cannot type into the grid).
    per_million = "$ per 1M input tokens"
    edits = {"edited_rows": {0: {per_million: 2.5}, 1: {per_million: 0.2}}, "added_rows": [], "deleted_rows": []}
    at.session_state["prices-o200k_base-llama3"] = edits
    at.number_input(key="repeats").set_value(1_000_000).run()
    priced = at.dataframe[-1].value
    # Money to the cent: 2 tokens x $2.50/M = $0.000005 a call, x 1,000,000 calls = $5.00;
    # 2 x $0.20/M = $0.0000004, x 1,000,000 = $0.40.
    assert priced.to_dict("list") == {
        "tokenizer": ["GPT-4o (o200k_base)", "Llama 3"],
        "this text": ["< $0.01", "< $0.01"],
        "× 1,000,000": ["$5.00", "$0.40"],
    }
    at.toggle(key="special").set_value(True).run()  # Llama 3 bills its <|begin_of_text|> too: 3 tokens
    assert at.dataframe[-1].value["× 1,000,000"].tolist() == ["$5.00", "$0.60"]


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
    assert "text" not in at.query_params  # too long for a link: it travels as its key
    assert at.query_params["text_key"] == text_key(text)


def link_notes(at: AppTest) -> list[str]:
    """The Copy link box: its URL, then what the link carries and what it does not."""
    [box] = [expander for expander in at.expander if expander.label == "Copy link"]
    return [box.code[0].value, *box.markdown[0].value.split("\n")]


def test_a_long_text_travels_by_its_key_and_reopens_in_a_new_session(temporary_store: tokenlab.Store) -> None:
    text = ("Tokenizers split text differently; " * 300)[:10_000]
    sender = open_app(tok="gpt2,o200k_base", view="ids")
    sender.text_area(key="text").input(text).run()
    key = text_key(text)
    assert dict(sender.query_params) == {"tok": "gpt2,o200k_base", "view": "ids", "text_key": key}
    assert temporary_store.shared_text(key) == text
    assert link_notes(sender) == [
        f"?tok=gpt2%2Co200k_base&view=ids&text_key={key}",
        *(
            f"- {markdown_text(note)}"
            for note in (
                "The link carries the tokenizers and the reference, how tokens are shown, the whitespace and BOS/EOS "
                "switches and the text.",
                "Your text (10,000 characters) is kept on this server for 30 days under its hash, which the link "
                "carries.",
                "An uploaded file or tokenizer cannot travel in a link: the receiver uploads their own.",
                "Prices and N in the cost table stay out of it.",
            )
        ),
    ]

    receiver = open_app(tok="gpt2,o200k_base", view="ids", text_key=key)
    assert not receiver.exception and not receiver.warning
    assert receiver.text_area(key="text").value == text
    assert token_counts(receiver) == token_counts(sender)


def test_a_link_to_a_text_the_server_no_longer_keeps_says_so_and_shows_the_sample() -> None:
    at = open_app(tok="gpt2", text_key="0123456789abcdef0123456789abcdef")
    assert not at.exception
    assert at.text_area(key="text").value == SAMPLES[DEFAULT_SAMPLE]
    assert [warning.value for warning in at.warning] == [markdown_text(MISSING_TEXT)]
    assert at.query_params["text"] == SAMPLES[DEFAULT_SAMPLE]  # the link now names what is shown


def test_typed_text_over_the_limit_is_clipped_with_the_upload_notice() -> None:
    text = ("Tokenizers split text differently. " * 3000)[:100_500]
    at = open_app(tok="gpt2")
    at.text_area(key="text").input(text).run()
    assert not at.exception
    assert at.text_area(key="text").value == text[:100_000]
    assert [warning.value for warning in at.warning] == [markdown_text(clip_text(text)[1] or "")]
    kept = len(tokenlab.load_tokenizer("gpt2").encode(text[:100_000]))
    assert token_counts(at) == {"GPT-2 / GPT-3 (r50k_base)": kept}


def test_inputs_survive_a_visit_to_another_page() -> None:
    at = open_app(tok="o200k_base,llama3", view="ids", text="Hello world")
    at.switch_page("pages/tokenizers.py").run()
    at.switch_page("pages/segment.py").run()
    assert at.multiselect(key="tokenizers").value == ["o200k_base", "llama3"]
    assert at.text_area(key="text").value == "Hello world"
    assert at.radio(key="view").value == "ids"
    assert not at.warning  # the unknown-id warning belongs to opening a link, not to every rerun


def test_tokenizers_go_by_their_display_names_in_the_summary_and_the_prices() -> None:
    at = open_app(tok="o200k_base,gemma3", text="Hello world")
    summary = at.dataframe[0].value
    assert summary["tokenizer"].tolist() == ["GPT-4o (o200k_base)", "Gemma 3"]
    assert summary["× GPT-4o (o200k_base)"].tolist() == [1.0, 1.0]
    assert at.dataframe[1].value["tokenizer"].tolist() == ["GPT-4o (o200k_base)", "Gemma 3"]  # the prices


def test_the_reference_is_picked_directly_and_travels_in_the_link() -> None:
    text = "Tokenizers split text differently. 分词器以不同方式切分文本。"
    at = open_app(tok="o200k_base,gpt2", text=text)
    assert at.selectbox(key="reference").value == "o200k_base"
    assert at.selectbox(key="reference").options == ["GPT-4o (o200k_base)", "GPT-2 / GPT-3 (r50k_base)"]
    assert "ref" not in at.query_params  # the first tokenizer is the reference without saying so
    gpt4o, gpt2 = (len(tokenlab.load_tokenizer(t).encode(text)) for t in ("o200k_base", "gpt2"))

    at.selectbox(key="reference").select("gpt2").run()
    assert not at.exception
    summary = at.dataframe[0].value
    assert summary["× GPT-2 / GPT-3 (r50k_base)"].tolist() == [pytest.approx(gpt4o / gpt2), 1.0]
    assert at.query_params["ref"] == "gpt2"
    assert at.multiselect(key="tokenizers").value == ["o200k_base", "gpt2"]  # the order stays as chosen

    at.multiselect(key="tokenizers").set_value(["o200k_base", "llama3"]).run()  # the reference removed
    assert at.selectbox(key="reference").value == "o200k_base"
    assert "ref" not in at.query_params


def test_a_links_reference_is_validated_when_read() -> None:
    at = open_app(tok="o200k_base,gpt2", ref="gpt2", text="Hello world")
    assert at.selectbox(key="reference").value == "gpt2"
    assert "× GPT-2 / GPT-3 (r50k_base)" in at.dataframe[0].value.columns
    for hostile in ("llama3", "[x](https://e.org)", ""):  # not one of the link's tokenizers: the first
        at = open_app(tok="o200k_base,gpt2", ref=hostile, text="Hello world")
        assert not at.exception
        assert at.selectbox(key="reference").value == "o200k_base"
        assert "× GPT-4o (o200k_base)" in at.dataframe[0].value.columns
        assert "ref" not in at.query_params


def test_the_reference_survives_a_visit_to_another_page() -> None:
    at = open_app(tok="o200k_base,llama3", ref="llama3", text="Hello world")
    at.switch_page("pages/tokenizers.py").run()
    at.switch_page("pages/segment.py").run()
    assert at.selectbox(key="reference").value == "llama3"


def test_the_summary_shows_its_main_columns_first_within_a_phones_width() -> None:
    at = open_app(tok="o200k_base,gpt2", text="Hi")
    table = at.dataframe[0].proto
    assert list(table.column_order)[:3] == ["tokenizer", "tokens", "× GPT-4o (o200k_base)"]
    columns = json.loads(table.columns)
    main = [columns[name] for name in list(table.column_order)[:3]]
    assert [(c["width"], c["pinned"]) for c in main] == [(LABEL_PX, True), (VALUE_PX, False), (VALUE_PX, False)]
    assert sum(c["width"] for c in main) <= PHONE_TABLE_PX
    assert main[2]["label"] == "× reference"
