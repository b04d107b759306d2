"""The Decode & chat page in a real browser, on a desktop and a phone: a list of ids decoded, a
two-turn chat counted per model.

Screenshots go to tests/e2e/artifacts/; the README copies (docs/screenshots/decode-chat-*.png)
are rewritten only with TOKENLAB_SCREENSHOTS=1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, assert_fits, open_from_sidebar, resize_to, save_screenshot, settle

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]
#: A two-turn chat and what each model's template makes of it (the library's counts, which
#: tests/tokenizers/test_chat.py checks against transformers' apply_chat_template).
TURNS = ("Bonjour ! Quelle heure est-il ?", "Il est midi.")
COUNTS = {"Qwen3": (26, 14), "Gemma 3": (23, 11), "DeepSeek-V3": (17, 4), "Gemma 2": (23, 11)}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def open_page(page: Page, app_url: str, viewport: dict[str, int]) -> None:
    open_from_sidebar(page, app_url, "Decode & chat", charts=0)
    expect(page.locator(".tl-marked").first).to_be_visible(timeout=WAIT_MS)
    if viewport != DESKTOP:
        resize_to(page, viewport)
    settle(page)


def commit(page: Page, field, text: str) -> None:
    field.fill(text)
    field.press("Control+Enter")


def name(viewport: dict[str, int]) -> str:
    return "desktop" if viewport == DESKTOP else "phone"


@pytest.mark.parametrize("viewport", SIZES)
def test_decodes_a_pasted_list_of_ids(new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int]) -> None:
    page = new_page(viewport=DESKTOP)
    open_page(page, app_url, viewport)
    marked = page.locator(".tl-marked").first
    expect(marked).to_contain_text("Hello, world! 你好 👋")
    special = marked.locator(".tl-special")
    expect(special).to_have_text("<|endoftext|>")
    assert special.evaluate("e => e.getClientRects().length") == 1  # a special token never wraps
    save_screenshot(page, artifacts_dir, f"decode-chat-{name(viewport)}")

    commit(page, page.get_by_label("Token ids", exact=True), "13225, 2375 ,200013")
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(
        "GPT-4o (o200k_base) has no token with id 200013 (item 3)", timeout=WAIT_MS
    )
    commit(page, page.get_by_label("Token ids", exact=True), "[13225, 2375]")
    expect(marked).to_have_text("Hello world", timeout=WAIT_MS)
    settle(page)
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0)
    grid = page.get_by_test_id("stDataFrame").filter(visible=True).first.locator("[aria-rowcount]")
    expect(grid).to_have_attribute("aria-rowcount", "3")  # header and two ids
    assert_fits(page, viewport["width"])


@pytest.mark.parametrize("viewport", SIZES)
def test_counts_a_two_turn_chat(new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int]) -> None:
    page = new_page(viewport=DESKTOP)
    open_page(page, app_url, viewport)
    page.get_by_role("tab", name="Count a chat").click()
    for number, text in enumerate(TURNS, start=1):
        commit(page, page.get_by_label(f"Turn {number} text", exact=True), text)
    summaries = page.get_by_test_id("stExpander").filter(visible=True).locator("summary")
    expected = [f"{model}: {total} tokens, {added} from the template" for model, (total, added) in COUNTS.items()]
    expect(summaries.filter(has_text="from the template")).to_contain_text(expected, timeout=WAIT_MS)
    expect(summaries.filter(has_text="from the template")).to_have_count(len(COUNTS))
    settle(page)
    summaries.filter(has_text="Qwen3").click()
    prompt = page.locator(".tl-marked").filter(visible=True).first
    expect(prompt).to_contain_text("Bonjour ! Quelle heure est-il ?")
    expect(prompt.locator(".tl-special")).to_have_text(["<|im_start|>", "<|im_end|>"] * 2)
    assert_fits(page, viewport["width"])
    page.wait_for_timeout(500)  # the expander's opening animation
    save_screenshot(page, artifacts_dir, f"decode-chat-count-{name(viewport)}")
