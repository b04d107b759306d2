"""The vocabulary-size page in a real browser: recommendations, an invalid input, the charts.

The page is reached through the sidebar, as a user does. Screenshots go to tests/e2e/artifacts/;
the README copies (docs/screenshots/vocab-scaling-*.png) are rewritten only with
TOKENLAB_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

REPO_ROOT = Path(__file__).resolve().parents[2]
README_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
WRITE_README_SCREENSHOTS = os.environ.get("TOKENLAB_SCREENSHOTS") == "1"
FULL_PAGE = {"width": 1280, "height": 3350}
WAIT_MS = 30_000

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def settle(page: Page) -> None:
    """Wait until the script run has finished and nothing on screen is stale."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testScriptState === 'notRunning' && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=WAIT_MS,
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


def open_vocab_page(page: Page, app_url: str) -> None:
    page.goto(app_url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Vocabulary size").click()
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=WAIT_MS)
    settle(page)


def recommended(page: Page) -> list[str]:
    return [value.strip() for value in page.get_by_test_id("stMetricValue").all_inner_texts()]


def enter(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Enter")


def save_screenshot(page: Page, artifacts_dir: Path, name: str) -> None:
    page.evaluate("document.fonts.ready")
    path = artifacts_dir / f"{name}.png"
    page.screenshot(path=path)
    assert path.stat().st_size > 10_000
    if WRITE_README_SCREENSHOTS:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS / f"{name}.png")


def test_recommends_shows_errors_and_draws_both_charts(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_vocab_page(page, app_url)
    assert recommended(page) == ["62,280", "67,450", "59,547"]
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() >= 8  # curves, models, markers
    save_screenshot(page, artifacts_dir, "vocab-scaling-desktop")

    enter(page, "Non-vocabulary parameters N_nv", "nan")
    expect(page.get_by_test_id("stAlertContentError")).to_have_text("Non-vocabulary parameters is not a number (NaN); enter e.g. 7e9.", timeout=WAIT_MS)
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


def test_full_page_screenshot(new_page, app_url: str, artifacts_dir: Path) -> None:  # noqa: ANN001
    page = new_page(viewport=FULL_PAGE)
    open_vocab_page(page, app_url)
    save_screenshot(page, artifacts_dir, "vocab-scaling-full")
