"""Coverage marks and parity intervals in a real browser (#17): BERT's Thai, Lao and Khmer never
look cheaper than English without a visible mark, on the Languages, Corpus efficiency and
Segmentation pages; parity carries its bootstrap interval in the hover and as error bars.

Hovers are real: the mouse is moved onto a heatmap cell, found from plotly's own axes, and the
tooltip's text is read. Screenshots go to tests/e2e/artifacts/ (docs/screenshots/ with
TOKENLAB_SCREENSHOTS=1).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, choose_option, forgive_subpath_probes, save_screenshot, settle

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
PROFILE_MS = 180_000
BERT = "bert-base-uncased"
THAI_ARTICLE_1 = "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักด์และสิทธิ"


def open_path(page: Page, app_url: str, path: str, query: dict[str, str], charts: int) -> None:
    page.goto(f"{app_url}/{path}?{urllib.parse.urlencode(query)}")
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=PROFILE_MS)
    settle(page, PROFILE_MS)
    forgive_subpath_probes(page, app_url, path)


def hover_heatmap_cell(page: Page, row: str, column: str) -> str:
    """Move the mouse onto the first heatmap's cell (row label, column label); the tooltip's text."""
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    point = page.evaluate(
        """([row, column]) => {
            const gd = document.querySelector('.js-plotly-plot');
            const box = gd.getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return {x: box.left + xa._offset + xa.d2p(column), y: box.top + ya._offset + ya.d2p(row)};
        }""",
        [row, column],
    )
    page.mouse.move(0, 0)  # off the chart, so the last cell's tooltip goes away
    page.mouse.move(point["x"], point["y"] - 1)
    page.mouse.move(point["x"], point["y"])
    tooltip = page.locator(".js-plotly-plot").first.locator(".hoverlayer .hovertext")
    expect(tooltip).to_have_count(1, timeout=WAIT_MS)
    expect(tooltip).to_contain_text(column, timeout=WAIT_MS)  # this cell's, not the one before
    return tooltip.text_content() or ""


def test_languages_marks_what_bert_cannot_read_and_shows_intervals(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page(viewport={"width": 1400, "height": 1000})
    query = {"tok": f"o200k_base,{BERT}", "ab": f"o200k_base,{BERT}", "metric": "parity"}
    query["scripts"] = "Thai,Laoo,Khmr,Latn"
    open_path(page, app_url, "languages", query, charts=4)
    warning = page.get_by_test_id("stAlertContentWarning").first
    expect(warning).to_contain_text("coverage below 90%")
    expect(warning).to_contain_text("Thai")
    heatmap = page.locator(".js-plotly-plot").first
    expect(heatmap.get_by_text("⚠ coverage below threshold: not ranked")).to_be_visible()  # the legend
    marked = heatmap.locator("text", has_text="⚠")
    assert marked.count() >= 3  # Thai, Lao and Khmer under BERT, at least
    # BERT's Thai: grey, its value marked, the reason one hover away.
    thai = hover_heatmap_cell(page, "Thai (Thai)", "BERT base uncased")
    assert "Parity vs reference (tokenization premium): 0.175" in thai
    assert "coverage 3.3% < 90%" in thai and "left out of rankings" in thai
    # o200k_base's Thai: coloured, with its bootstrap interval and the articles behind it.
    o200k = hover_heatmap_cell(page, "Thai (Thai)", "GPT-4o (o200k_base)")
    assert "95% CI 1.9" in o200k and "30 articles · coverage 100.0%" in o200k
    # The ranked bars carry the interval as error bars, and put BERT's unreadable languages apart.
    choose_option(page, page.locator(".st-key-lang_focus").get_by_role("combobox"), "BERT base uncased")
    bars = page.locator(".js-plotly-plot").nth(1)
    expect(bars.get_by_text("⚠ Thai")).to_be_visible(timeout=WAIT_MS)
    settle(page)
    assert bars.locator("g.errorbar").count() >= 1
    expect(page.get_by_text("not compared, their coverage below 90% with A or B")).to_be_visible()
    save_screenshot(page, artifacts_dir, "languages-coverage", height=2600)


def test_corpus_efficiency_hatches_the_budget_of_unread_text(new_page, app_url: str, artifacts_dir: Path) -> None:
    page = new_page(viewport={"width": 1400, "height": 1000})
    query = {"tok": f"o200k_base,{BERT}", "domains": "multilingual", "langs": "eng,mya,tha", "budget": "128000"}
    open_path(page, app_url, "corpus-efficiency", query, charts=3)
    pages_chart = page.locator(".js-plotly-plot").nth(2)
    expect(pages_chart.get_by_text("⚠ hatched: coverage below 90%")).to_be_visible()
    assert pages_chart.locator("pattern").count() >= 1  # the hatching itself
    expect(page.get_by_text("hatched bars (⚠) are below 90%").first).to_be_visible()
    save_screenshot(page, artifacts_dir, "corpus-efficiency-coverage", height=2000)


def test_segmentation_summary_names_the_unit_and_marks_low_coverage(
    new_page, app_url: str, artifacts_dir: Path
) -> None:
    page = new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app_url}/?{urllib.parse.urlencode({'tok': f'o200k_base,{BERT}', 'text': THAI_ARTICLE_1})}")
    expect(page.locator(".tl-seg")).to_have_count(2, timeout=WAIT_MS)
    settle(page)
    warning = page.get_by_test_id("stAlertContentWarning").first
    expect(warning).to_contain_text("BERT base uncased: coverage below 90% of this text")
    expect(page.get_by_text("units of word (ICU dictionary)")).to_be_visible()
    save_screenshot(page, artifacts_dir, "segmentation-coverage")
