"""The vocabulary lab in a real browser: browse, switch tokenizer, compare, trim, sweep.

Screenshots go to tests/e2e/artifacts/; the README copies (docs/screenshots/vocab-lab-*.png)
are rewritten only with TOKENLAB_SCREENSHOTS=1. Conftest checks every page at teardown: no
console error, no page error, no request that leaves localhost.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_fits, chart_points, open_from_sidebar, resize_to, save_screenshot, settle

PHONE = {"width": 390, "height": 844}
TALL = 2400
WAIT_MS = 60_000

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]


def open_lab(page: Page, app_url: str) -> None:
    open_from_sidebar(page, app_url, "Vocabulary lab", charts=3, timeout_ms=WAIT_MS)


def section(page: Page, name: str, charts: int) -> None:
    page.get_by_role("radio", name=name, exact=True).click()  # a segmented control's buttons are radios
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=WAIT_MS)
    settle(page)


def test_browse_then_switch_tokenizer(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_lab(page, app_url)
    metric = page.get_by_test_id("stMetricValue")
    expect(metric).to_have_text("up to 3 digits, left-to-right")
    assert page.locator(".js-plotly-plot .trace").count() >= 4
    save_screenshot(page, artifacts_dir, "vocab-lab-browse")
    save_screenshot(page, artifacts_dir, "vocab-lab-browse-full", height=TALL)
    page.get_by_test_id("stSelectbox").filter(has_text="Tokenizer").locator("input").fill("Gemma 3")
    page.keyboard.press("Enter")
    expect(metric).to_have_text("single digits", timeout=WAIT_MS)
    settle(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(3)


def test_overlap_trim_and_sweep_sections(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_lab(page, app_url)
    section(page, "Overlap", 2)
    expect(
        page.locator(".js-plotly-plot .heatmaplayer .hm, .js-plotly-plot .heatmaplayer image").first
    ).to_be_attached()
    save_screenshot(page, artifacts_dir, "vocab-lab-overlap")
    section(page, "Trim", 1)
    expect(page.get_by_test_id("stMetricValue").first).not_to_be_empty()
    save_screenshot(page, artifacts_dir, "vocab-lab-trim")
    section(page, "Size sweep", 0)
    page.get_by_role("button", name="Train").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=WAIT_MS)
    settle(page)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(1)
    save_screenshot(page, artifacts_dir, "vocab-lab-sweep", height=TALL)


def test_phone_layout(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page()
    open_lab(page, app_url)  # through the sidebar, which a phone-sized window starts with collapsed
    resize_to(page, PHONE)
    expect(page.get_by_test_id("stMetricValue")).to_have_text(["up to 3 digits, left-to-right"])
    expect(page.get_by_role("heading", name="How numbers are chunked")).to_be_attached()
    assert len(chart_points(page)) == 3 and all(points > 0 for points in chart_points(page))
    assert_fits(page, PHONE["width"])
    save_screenshot(page, artifacts_dir, "vocab-lab-phone")
