"""The vocabulary-size page in a real browser: recommendations, an invalid input, the charts.

The page is reached through the sidebar, as a user does. Screenshots go to tests/e2e/artifacts/;
the README copies (docs/screenshots/vocab-scaling-*.png) are rewritten only with
TOKENLAB_SCREENSHOTS=1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, chart_points, open_from_sidebar, save_screenshot, settle

FULL_PAGE = {"width": 1280, "height": 3350}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def open_vocab_page(page: Page, app_url: str) -> None:
    open_from_sidebar(page, app_url, "Vocabulary size", charts=2)
    # The charts can be counted before the metrics above them are drawn: wait for the three.
    expect(page.get_by_test_id("stMetricValue")).to_have_count(3, timeout=WAIT_MS)
    settle(page)


def recommended(page: Page) -> list[str]:
    return [value.strip() for value in page.get_by_test_id("stMetricValue").all_inner_texts()]


def enter(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")


def test_recommends_shows_errors_and_draws_both_charts(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_vocab_page(page, app_url)
    assert recommended(page) == ["62,280", "67,450", "59,547"]
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 8  # curves, models, markers
    save_screenshot(page, artifacts_dir, "vocab-scaling-desktop")

    enter(page, "Non-vocabulary parameters N_nv", "nan")
    expect(page.get_by_test_id("stAlertContentError")).to_have_text(
        "Non-vocabulary parameters is not a number (NaN); enter e.g. 7e9.", timeout=WAIT_MS
    )
    settle(page)
    assert recommended(page) == []

    enter(page, "Non-vocabulary parameters N_nv", "2870142400")
    expect(page.get_by_test_id("stAlertContentError")).to_have_count(0, timeout=WAIT_MS)
    enter(page, "Width d_model", "3200")
    page.get_by_test_id("stRadio").filter(has_text="Budget given as").get_by_text("FLOPs", exact=True).click()
    expect(page.get_by_label("Budget in flops", exact=True)).to_be_visible(timeout=WAIT_MS)
    enter(page, "Budget in flops", "2.3e21")
    expect(page.get_by_test_id("stMetricValue").nth(2)).to_have_text("42,212", timeout=WAIT_MS)
    settle(page)
    assert recommended(page) == ["—", "—", "42,212"]
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    assert page.evaluate("new URLSearchParams(location.search).get('amount')") == "2.3e21"


def test_full_page_screenshot(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page(viewport=FULL_PAGE)
    open_vocab_page(page, app_url)
    assert recommended(page) == ["62,280", "67,450", "59,547"]
    headings = page.get_by_test_id("stMain").locator("h2, h3")
    assert headings.all_inner_texts() == [
        "Recommended vocabulary",
        "Where real models sit",
        "What the vocabulary costs",
        "Models and their compute-optimal vocabularies",
    ]
    # The loss curve around the optimum (200 vocabulary sizes) and the real models against the laws.
    assert chart_points(page)[0] >= 200 and len(chart_points(page)) == 2
    expect(page.locator(".js-plotly-plot").nth(1)).to_be_in_viewport()  # the tall window shows it all
    save_screenshot(page, artifacts_dir, "vocab-scaling-full")
