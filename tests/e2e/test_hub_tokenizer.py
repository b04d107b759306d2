"""Adding a Hugging Face Hub tokenizer in a real browser, on a server without the Hub
(HF_HUB_OFFLINE=1, an empty Hub cache: tests/e2e/server.py): one line within seconds, and the
page keeps working. Loading one that is there is covered by tests/app/test_hub_tokenizers.py."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, settle
from tests.e2e.server import healthy
from tests.e2e.test_segmentation_page import commit_text, header_count, open_app, panels

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(90)]

OFFLINE_MESSAGE = (
    "Cannot fetch 'Qwen/Qwen3-0.6B': HF_HUB_OFFLINE is set, so the Hugging Face Hub is not used, and "
    "'Qwen/Qwen3-0.6B' is not in tokenlab's Hub cache. Pick a bundled tokenizer, or upload a tokenizer.json."
)


def test_a_hub_id_offline_is_one_line_within_seconds_and_the_page_keeps_working(page: Page, app_url: str) -> None:
    open_app(page, f"{app_url}/?tok=gpt2&text=Hello%20world")
    page.get_by_text("Add a tokenizer from the Hugging Face Hub").click()
    model_id = page.locator(".st-key-tokenizers_hub_id input")
    model_id.fill("Qwen/Qwen3-0.6B")
    model_id.press("Enter")
    settle(page)
    started = time.monotonic()
    page.locator(".st-key-tokenizers_hub_add button").click()
    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_have_text(OFFLINE_MESSAGE, timeout=WAIT_MS)
    assert time.monotonic() - started < 5  # a cold sandbox worker included
    settle(page)
    assert healthy(app_url)
    assert [header_count(panel["header"]) for panel in panels(page)] == [2]
    commit_text(page, "The rest of the page still works")  # and the next input is counted as ever
    assert [header_count(panel["header"]) for panel in panels(page)] == [7]
