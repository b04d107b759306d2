"""The Languages and Corpus efficiency pages in a real browser: charts draw, the metric changes.

Pages are reached through the sidebar, as a user does. Screenshots go to tests/e2e/artifacts/;
the README copies (docs/screenshots/languages-*.png, corpus-efficiency-*.png) are rewritten
only with TOKENLAB_SCREENSHOTS=1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    assert_fits,
    chart_points,
    choose_option,
    open_from_sidebar,
    resize_to,
    save_screenshot,
    settle,
)

PROFILE_MS = 180_000  # a cold cache counts the 96 languages first
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_languages_page_draws_heatmap_and_map_and_changes_metric(page: Page, app_url: str, artifacts_dir: Path) -> None:
    open_from_sidebar(page, app_url, "Languages", charts=4, timeout_ms=PROFILE_MS)
    expect(page.locator(".js-plotly-plot .heatmaplayer")).to_have_count(1)
    expect(page.locator(".js-plotly-plot .geolayer > g.geo")).to_have_count(1)  # the world map
    assert page.locator(".js-plotly-plot .geolayer path.point").count() >= 90  # one marker per language
    save_screenshot(page, artifacts_dir, "languages-desktop", height=2400)

    metric = page.get_by_test_id("stSelectbox").filter(has_text="Metric")
    choose_option(page, metric, "Characters per token (characters / token)")
    expect(page.get_by_role("heading", name="Characters per token: 96 languages × 6 tokenizers")).to_be_visible(
        timeout=PROFILE_MS
    )
    settle(page)
    assert page.evaluate("new URLSearchParams(location.search).get('metric')") == "chars_per_token"
    expect(page.locator(".js-plotly-plot")).to_have_count(4)


def test_languages_page_on_a_phone(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page()
    open_from_sidebar(page, app_url, "Languages", charts=4, timeout_ms=PROFILE_MS)
    resize_to(page, PHONE)
    heading = "Parity vs reference (tokenization premium): 96 languages × 6 tokenizers"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    # The heatmap holds 96 languages x 6 tokenizers; every chart keeps its data and fits the screen.
    heatmap = page.locator(".js-plotly-plot").filter(has=page.locator(".heatmaplayer"))
    assert heatmap.evaluate("chart => chart.data[0].z.flat().length") == 96 * 6
    assert all(points > 0 for points in chart_points(page))
    assert_fits(page, PHONE["width"])
    save_screenshot(page, artifacts_dir, "languages-phone")


def test_corpus_efficiency_page_draws_its_bars(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page(viewport={"width": 1280, "height": 800})
    open_from_sidebar(page, app_url, "Corpus efficiency", charts=5, timeout_ms=PROFILE_MS)
    expect(page.get_by_role("heading", name="Code by programming language")).to_be_visible()
    expect(page.get_by_role("heading", name="What a fixed budget buys")).to_be_visible()
    save_screenshot(page, artifacts_dir, "corpus-efficiency-desktop", height=2200)
    resize_to(page, PHONE)
    save_screenshot(page, artifacts_dir, "corpus-efficiency-phone")
