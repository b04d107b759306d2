"""A Hugging Face Hub tokenizer added in the app, offline: from a prepared Hub cache, through the
sandbox worker, as on a server. BERT's repository stands in for any other, so every number the
pages show for it must equal the bundled `bert-base-uncased`'s."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

import tokenlab
from tests.fake_hub import cache_repo, model_folder
from tokenlab import settings
from tokenlab.sandbox.client import default_sandbox
from tokenlab.text.markup import markdown_text

OpenPage = Callable[..., AppTest]
BERT = "google-bert/bert-base-uncased"
HUB_ID = f"hub:{BERT}"
HUB_LABEL = f"{BERT} (Hugging Face Hub)"
BUNDLED_LABEL = "BERT base uncased"
TEXT = "Hello World! Ça coûte 5 €. Tokenizers cut text into pieces."
#: More repositories than one session may add (settings.HUB_TOKENIZERS_PER_SESSION), each BERT again.
COPIES = [f"copies/bert-{n}" for n in range(5)]


@pytest.fixture(scope="module", autouse=True)
def hub_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """BERT in a Hub cache of tokenlab's own, and a sandbox worker started with it."""
    root = tmp_path_factory.mktemp("hub")
    tokenizer_json = (settings.TOKENIZER_DIR / tokenlab.tokenizer_info("bert-base-uncased").files[0]).read_bytes()
    folder = model_folder(root / "bert", tokenizer_json, "BertTokenizer")
    for repo_id in (BERT, *COPIES):
        cache_repo(root / "cache", repo_id, folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "HUB_CACHE_DIR", root / "cache")
        default_sandbox().close()  # a worker started before reads another cache
        yield root / "cache"
    default_sandbox().close()


def add_from_hub(at: AppTest, picker: str, repo_id: str) -> AppTest:
    at.text_input(key=f"{picker}_hub_id").input(repo_id)
    return at.button(key=f"{picker}_hub_add").click().run()


def token_counts(at: AppTest) -> dict[str, int]:
    summary = at.dataframe[0].value
    return dict(zip(summary["tokenizer"], summary["tokens"], strict=True))


def test_a_hub_tokenizer_segments_beside_the_bundled_ones(open_page: OpenPage) -> None:
    at = add_from_hub(open_page("pages/segment.py", tok="bert-base-uncased", text=TEXT), "tokenizers", BERT)
    assert not at.exception and not at.error
    assert at.multiselect(key="tokenizers").value == ["bert-base-uncased", HUB_ID]
    expected = len(tokenlab.load_tokenizer("bert-base-uncased").encode(TEXT))
    assert token_counts(at) == {BUNDLED_LABEL: expected, HUB_LABEL: expected}
    panels = [h.proto.body for h in at.get("html") if 'class="tl-seg' in h.proto.body]
    assert len(panels) == 2 and panels[0] == panels[1].replace(HUB_ID, "bert-base-uncased")
    assert at.query_params["tok"] == "bert-base-uncased"  # a session's own tokenizer is not linked
    at.switch_page("pages/vocab_lab.py").run()  # offered on every page for the rest of the session
    assert HUB_LABEL in at.selectbox(key="browse_tokenizer").options


def test_an_unknown_repository_offline_is_one_line_and_the_page_keeps_working(open_page: OpenPage) -> None:
    at = open_page("pages/segment.py", tok="gpt2", text=TEXT)
    started = time.monotonic()
    add_from_hub(at, "tokenizers", "nobody/nothing")
    assert time.monotonic() - started < 5
    assert not at.exception
    assert [error.value for error in at.error] == [
        markdown_text(
            "Cannot fetch 'nobody/nothing': HF_HUB_OFFLINE is set, so the Hugging Face Hub is not used, and "
            "'nobody/nothing' is not in tokenlab's Hub cache. Pick a bundled tokenizer, or upload a tokenizer.json."
        )
    ]
    assert at.multiselect(key="tokenizers").value == ["gpt2"]
    assert token_counts(at) == {"GPT-2 / GPT-3 (r50k_base)": len(tokenlab.load_tokenizer("gpt2").encode(TEXT))}


def test_a_path_is_refused_before_the_sandbox_is_asked(open_page: OpenPage) -> None:
    at = open_page("pages/segment.py", tok="gpt2", text=TEXT)
    started = default_sandbox().workers_started
    add_from_hub(at, "tokenizers", "../../etc/passwd")
    assert [error.value for error in at.error] == [
        markdown_text(
            "'../../etc/passwd' is not a Hugging Face model id; expected 'owner/name', for example 'Qwen/Qwen3-0.6B'."
        )
    ]
    assert default_sandbox().workers_started == started and not at.exception


def test_languages_gives_a_hub_tokenizer_the_parity_of_its_bundled_twin(open_page: OpenPage) -> None:
    at = add_from_hub(open_page("pages/languages.py", tok="bert-base-uncased"), "lang_tokenizers", BERT)
    assert not at.exception and not at.error
    assert at.multiselect(key="lang_tokenizers").value == ["bert-base-uncased", HUB_ID]
    table = at.dataframe[0].value
    ours = pl.from_pandas(table[table["tokenizer"] == HUB_LABEL].drop(columns="tokenizer"))
    theirs = pl.from_pandas(table[table["tokenizer"] == BUNDLED_LABEL].drop(columns="tokenizer"))
    assert ours.height == 96 and ours.equals(theirs)


def test_corpus_efficiency_counts_a_hub_tokenizer_like_its_bundled_twin(open_page: OpenPage) -> None:
    at = open_page("pages/corpus_efficiency.py", tok="bert-base-uncased", domains="legal,math", langs="")
    at = add_from_hub(at, "eff_tokenizers", BERT)
    assert not at.exception and not at.error
    table = pl.from_pandas(at.dataframe[0].value)
    # The table names tokenizers by display name (ids stay in the downloads).
    ours = table.filter(pl.col("tokenizer") == HUB_LABEL).drop("tokenizer")
    theirs = table.filter(pl.col("tokenizer") == "BERT base uncased").drop("tokenizer")
    assert ours.height == 2
    # Counts equal; Rényi efficiency sums the same terms in another order (to the 15th digit).
    assert_frame_equal(ours, theirs, rel_tol=1e-12)


def test_the_vocabulary_lab_browses_a_hub_tokenizer_like_its_bundled_twin(open_page: OpenPage) -> None:
    at = add_from_hub(open_page("pages/vocab_lab.py"), "browse_tokenizer", BERT)
    assert not at.exception and not at.error
    assert at.selectbox(key="browse_tokenizer").value == HUB_ID
    assert any(caption.value.startswith(f"{HUB_LABEL} has 30,522 entries") for caption in at.caption), [
        caption.value for caption in at.caption
    ]
    ours = at.dataframe[0].value
    at.selectbox(key="browse_tokenizer").set_value("bert-base-uncased").run()
    assert ours.equals(at.dataframe[0].value)


def test_a_session_adds_a_bounded_number_of_hub_tokenizers(open_page: OpenPage) -> None:
    at = open_page("pages/segment.py", tok="gpt2", text=TEXT)
    for repo_id in COPIES[: settings.HUB_TOKENIZERS_PER_SESSION]:
        add_from_hub(at, "tokenizers", repo_id)
    assert at.multiselect(key="tokenizers").value == ["gpt2", *[f"hub:{c}" for c in COPIES[:4]]]
    add_from_hub(at, "tokenizers", COPIES[4])
    assert [error.value for error in at.error] == [
        markdown_text(
            "This session already holds 4 Hub tokenizers, the most one visitor may add. "
            "Reload the page to start afresh."
        )
    ]
    assert len(token_counts(at)) == 5 and not at.exception


def test_a_hub_tokenizer_decodes_ids_on_the_decode_page(open_page: OpenPage) -> None:
    at = open_page("pages/decode_chat.py")
    at.text_area(key="decode_ids").input("101 7592 2088 102").run()
    at = add_from_hub(at, "decode_tokenizer", BERT)
    assert not at.exception and not at.error
    assert at.selectbox(key="decode_tokenizer").value == HUB_ID
    assert at.code[0].value == "[CLS] hello world [SEP]"
    assert at.dataframe[0].value["kind"].tolist() == ["special", "normal", "normal", "special"]
