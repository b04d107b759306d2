"""Bad input in a real browser, as a new user would send it: each gets a message the user can act
on, the session keeps working, and what was already on screen stays.

Library-level checks of the same inputs are in tests/test_hostile_input.py, tests/test_text_input.py
and tests/tokenizers/test_user_files.py; NaN and negative sizes on the Vocabulary size page in
tests/app/test_vocab_scaling_page.py and tests/e2e/test_vocab_scaling_page.py. Conftest fails
every test here on a console error or a request leaving localhost.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import Page, expect

import tokenlab
from tests.e2e.browser import WAIT_MS, open_from_sidebar, save_screenshot, settle
from tests.e2e.test_every_page import nav_links, open_through_sidebar, title
from tests.e2e.test_segmentation_page import commit_text, header_count, open_app, panels, text_area
from tokenlab import settings
from tokenlab.text.user_text import clip_text, decode_text_upload
from tokenlab.vocab.corpus import text_documents, udhr_documents
from tokenlab.vocab.trim import memory_saved, trim_study

LAB_MS = 60_000  # the lab reads a whole vocabulary on first open
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
HOSTILE_NAME = "<img src=x onerror=alert(1)>'); DROP TABLE documents;--"
SQL_AND_PATHS = "'); DROP TABLE documents;-- ../../etc/passwd %00 ${7*7} {{7*7}}"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def upload(page: Page, key: str, name: str, data: bytes) -> None:
    page.locator(f".st-key-{key} input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": data}
    )


def warning(page: Page):
    return page.get_by_test_id("stAlertContentWarning")


def counts(page: Page) -> list[int]:
    return [header_count(panel["header"]) for panel in panels(page)]


def test_empty_text_explains_and_the_next_text_works(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/?tok=gpt2,llama3&text=Hello%20world")
    text_area(page).fill("")
    text_area(page).press("Control+Enter")
    expect(page.get_by_test_id("stAlertContentInfo")).to_have_text("Type or paste some text, or load a sample.")
    settle(page)
    expect(page.locator(".tl-seg")).to_have_count(0)
    commit_text(page, "Back again")
    assert counts(page) == [2, 2]


def test_text_uploads_too_long_binary_or_not_utf8(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_app(page, f"{app_url}/?tok=gpt2&text=Hello%20world")

    # 5 MB of text: clipped to the limit, said so, and the shown part counted exactly.
    big = "The quick brown fox jumps over the lazy dog. 你好，世界。 " * 80_000
    data = big.encode()
    assert len(data) > 5_000_000
    upload(page, "upload", "big.txt", data)
    clipped, notice = clip_text(big)
    expect(warning(page)).to_have_text(notice, timeout=WAIT_MS)
    page.wait_for_function(
        "n => document.querySelector('.tl-seg') && document.querySelector('textarea').value.length === n",
        arg=len(clipped),
        timeout=WAIT_MS,
    )
    settle(page, WAIT_MS)
    expected = len(tokenlab.load_tokenizer("gpt2").encode(clipped))
    assert counts(page) == [expected]
    assert len(text_area(page).input_value()) == settings.MAX_TEXT_CHARS
    save_screenshot(page, artifacts_dir, "bad-input-5mb-upload")

    # A binary file and a Latin-1 file named .txt: refused with the reason; the clipped text stays.
    for name, data in [("photo.txt", PNG), (f"{HOSTILE_NAME}.txt", "café crème".encode("latin-1"))]:
        with pytest.raises(tokenlab.InvalidTextError) as refused:
            decode_text_upload(data, name)
        upload(page, "upload", name, data)
        expect(warning(page)).to_have_text(str(refused.value), timeout=WAIT_MS)
        settle(page)
        assert counts(page) == [expected]
    # The hostile name is shown as text, never as markup.
    assert page.locator("[data-testid=stMain] img[src=x]").count() == 0
    commit_text(page, SQL_AND_PATHS)  # and the session still segments new text
    assert panels(page)[0]["text"] == SQL_AND_PATHS


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.json", b'{"model": {"type": "BPE", "vocab": {"a": 0}'),  # cut off mid-file
        ("../../etc/passwd.json", PNG),  # a PNG renamed .json, with a path for a name
    ],
    ids=["corrupt-json", "png-named-json"],
)
def test_bad_tokenizer_file_shows_the_library_message_beside_the_other_panels(
    page: Page, app_url: str, name: str, data: bytes
) -> None:
    with pytest.raises(tokenlab.TokenizerLoadError) as refused:
        tokenlab.load_tokenizer_bytes(data, name)
    open_app(page, f"{app_url}/?tok=o200k_base,llama3&text=Hello%20tokenizers")
    before = panels(page)
    page.get_by_text("Add your own tokenizer").click()
    upload(page, "tokenizer_file", name, data)
    expect(page.get_by_test_id("stAlertContentError")).to_have_text(str(refused.value), timeout=WAIT_MS)
    settle(page)
    assert panels(page) == before


def nested_parquet() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"doc": [{"title": "a", "body": "hello"}], "tags": [["x", "y"]]}).write_parquet(buffer)
    return buffer.getvalue()


def test_corpus_uploads_without_a_text_column_are_refused_with_the_library_message(page: Page, app_url: str) -> None:
    """A CSV of numbers and a Parquet of nested columns, on the page that takes corpus files."""
    open_app(page, f"{app_url}/?tok=gpt2&text=Hi")
    links = dict(nav_links(page))
    assert "Corpus efficiency" in links, f"no Corpus efficiency link in the sidebar: {sorted(links)}"
    open_through_sidebar(page, "Corpus efficiency", links["Corpus efficiency"], title(page))
    page.get_by_text("Add your own corpus").click()
    for name, data in [("numbers.csv", b"n,m\n1,2\n3,4\n"), ("nested.parquet", nested_parquet())]:
        with pytest.raises(tokenlab.TokenlabError) as refused:
            tokenlab.read_upload(data, name)
        upload(page, "eff_upload", name, data)
        expect(page.get_by_test_id("stAlertContentError")).to_have_text(str(refused.value), timeout=WAIT_MS)
        settle(page, WAIT_MS)


def test_lab_text_uploads_binary_or_not_utf8_keep_the_trim_of_the_pasted_text(page: Page, app_url: str) -> None:
    """The Vocabulary lab's "My text" takes a .txt upload or pasted text. A PNG and a Latin-1 file named
    .txt are refused with the library's message; the trim computed from the pasted text stays on screen,
    and the next change (tied embeddings) still updates it."""
    pasted = "\n".join(udhr_documents(["eng"])[:4])
    study = trim_study(tokenlab.load_tokenizer("gemma3"), text_documents(pasted))
    k = study.k_for(0.999)  # the default coverage target
    metrics, charts, errors = (
        page.get_by_test_id("stMetricValue"),
        page.locator(".js-plotly-plot"),
        page.get_by_test_id("stAlertContentError"),
    )
    open_from_sidebar(page, app_url, "Vocabulary lab", charts=3, timeout_ms=LAB_MS)
    page.get_by_role("radio", name="Trim", exact=True).click()  # a segmented control's buttons are radios
    expect(charts).to_have_count(1, timeout=LAB_MS)
    settle(page)
    page.locator(".st-key-trim_source").get_by_text("My text").click()
    expect(errors).to_have_text("The text is empty; paste or upload some text, or pick UDHR languages.", timeout=LAB_MS)
    settle(page)
    page.locator(".st-key-trim_text textarea").fill(pasted)
    page.locator(".st-key-trim_text textarea").press("Control+Enter")
    expect(metrics.first).to_have_text(f"{k:,}", timeout=LAB_MS)
    settle(page)
    computed = metrics.all_inner_texts()

    for name, data in [("photo.txt", PNG), (f"{HOSTILE_NAME}.txt", "café crème".encode("latin-1"))]:
        with pytest.raises(tokenlab.InvalidTextError) as refused:
            decode_text_upload(data, name)
        upload(page, "trim_upload", name, data)
        expect(errors).to_have_text(str(refused.value), timeout=LAB_MS)
        settle(page)
        assert metrics.all_inner_texts() == computed
        expect(charts).to_have_count(1)
    assert page.locator("[data-testid=stMain] img[src=x]").count() == 0  # the hostile name stays text

    page.locator(".st-key-trim_tied label").click()
    tied = memory_saved(study.vocab_size, k, 4096, "bfloat16", tied=True) / 1e9
    expect(metrics.nth(1)).to_have_text(f"{tied:,.2f} GB", timeout=LAB_MS)
    settle(page)
