"""A designed phone layout (#18, items 7 and 8), at 1280x900 and at 390x844.

Per size: a token on Segmentation's first screen; a tap (a click on a desktop) on a token shows
its id; every chosen tokenizer's name visible in the picker; the Reference picker changes the
reference and survives a link round trip; on every page with charts, plotly's toolbar (shown by
hovering each chart) never covers the chart's title; the Languages heatmap cuts no language
name and no number overlaps its neighbour; no table is wider than the screen.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    WAIT_MS,
    assert_fits,
    choose_option,
    forgive_subpath_probes,
    give_layout_time,
    save_screenshot,
    settle,
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
SIX = ("o200k_base", "cl100k_base", "llama3", "qwen3", "gemma3", "bert-base-uncased")
SIX_NAMES = ("GPT-4o (o200k_base)", "GPT-4 / GPT-3.5 (cl100k_base)", "Llama 3", "Qwen3", "Gemma 3", "BERT base uncased")
PROFILE_MS = 180_000
#: Pages with charts, by path, and how many charts their default view draws.
CHARTED_PAGES = {"": 2, "languages": 4, "corpus-efficiency": 5, "vocab-lab": 3, "vocab-scaling": 2}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
expect.set_options(timeout=15_000)


def open_page(page: Page, app_url: str, path: str = "", **query: str) -> None:
    """Open a page at its own path with `query`, and wait for its run to finish."""
    page.goto(f"{app_url}/{path}?{urllib.parse.urlencode(query)}")
    expect(page.get_by_test_id("stMain").locator("h1")).to_have_count(1, timeout=PROFILE_MS)
    if path == "":
        expect(page.locator(".tl-seg").first).to_be_attached(timeout=WAIT_MS)
    settle(page, PROFILE_MS)
    if path:
        forgive_subpath_probes(page, app_url, path)


def boxes_meet(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and (b["y"] < a["y"] + a["height"])
    )


@SIZES
def test_the_first_screen_of_segmentation_shows_a_token(
    new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    open_page(page, app_url)  # the default sample with four tokenizers
    token = page.locator(".tl-seg").first.locator("span.tl-tok").first
    # The page above the tokens (fonts, the collapsing sidebar) may still be settling.
    bottom_within = "([token, height]) => token.getBoundingClientRect().bottom <= height"
    give_layout_time(page, bottom_within, [token.element_handle(), viewport["height"]])
    first = token.bounding_box()
    assert first is not None and first["y"] + first["height"] <= viewport["height"], first
    if viewport is PHONE:
        save_screenshot(page, artifacts_dir, "segmentation-first-screen-phone")


@SIZES
def test_a_tap_on_a_token_shows_its_id(browser, app_url: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport, has_touch=viewport is PHONE, is_mobile=viewport is PHONE)
    try:
        page = context.new_page()
        open_page(page, app_url, tok="o200k_base", text="Hello world 9280")
        token = page.locator(".tl-seg span.tl-tok").nth(2)  # " 9280" -> " " + "928" + "0"? read its own id
        token_id = token.get_attribute("data-token-id")
        tip = "span => getComputedStyle(span, '::after').content"
        assert token.evaluate(tip) == "none"  # nothing before the tap
        if viewport is PHONE:
            token.tap()
        else:
            token.click()
        expect(token).to_be_focused()
        shown = token.evaluate(tip)
        assert shown.startswith(f'"id {token_id} · piece'), shown
        box = token.evaluate(
            """span => { const after = getComputedStyle(span, '::after');
                return [after.display, after.position, after.visibility]; }"""
        )
        assert box == ["block", "absolute", "visible"]  # drawn, below the token
    finally:
        context.close()


@SIZES
def test_every_chosen_tokenizer_is_visible_in_the_pickers(new_page, app_url: str, viewport: dict[str, int]) -> None:
    page = new_page(viewport=viewport)
    open_page(page, app_url, tok=",".join(SIX), text="Hi")
    picker = page.get_by_test_id("stMultiSelect").first
    assert_chips_visible(picker, SIX_NAMES)
    open_page(page, app_url, "languages", tok=",".join(SIX))
    assert_chips_visible(page.get_by_test_id("stMultiSelect").first, SIX_NAMES)


def assert_chips_visible(picker, names: tuple[str, ...]) -> None:
    """Each name's chip lies wholly inside the picker's box and shows the whole name.

    Polled, not measured once: the picker's box grows to its wrapped lines a frame or two after
    its chips are drawn, and on a busy machine a single measurement can fall in between."""
    for name in names:
        expect(picker.get_by_text(name, exact=True)).to_be_visible()
    where = """([picker, names]) => {
        const frame = picker.querySelector('.react-aria-ComboBox').getBoundingClientRect();
        const chips = [...picker.querySelectorAll('*')].filter(e => e.children.length === 0);
        return names.map(name => {
            const chip = chips.find(e => e.textContent.trim() === name);
            if (!chip) return `${name}: no chip`;
            const box = chip.getBoundingClientRect();
            if (box.left < frame.left || box.right > frame.right) return `${name}: outside the picker's width`;
            if (box.top < frame.top || box.bottom > frame.bottom) return `${name}: outside the picker's height`;
            return chip.scrollWidth <= chip.clientWidth ? '' : `${name} is cut`;
        }).filter(Boolean);
    }"""
    handle = picker.element_handle()
    give_layout_time(picker.page, f"args => ({where})(args).length === 0", [handle, list(names)])
    assert picker.page.evaluate(f"args => ({where})(args)", [handle, list(names)]) == []


def summary_ratios(page: Page) -> list[float]:
    """The summary table's third column (× reference), read from the grid's accessible cells."""
    grid = page.get_by_test_id("stDataFrame").first
    cells = grid.locator('tbody tr[aria-rowindex] td[aria-colindex="3"]')
    expect(cells.first).to_be_attached(timeout=WAIT_MS)
    return [float(cell.text_content() or "nan") for cell in cells.all()]


@SIZES
def test_the_reference_picker_changes_the_reference_and_survives_a_link(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    open_page(
        page, app_url, tok="o200k_base,llama3", text="Tokenizers split text differently. 分词器以不同方式切分文本。"
    )
    assert summary_ratios(page)[0] == 1
    choose_option(page, page.get_by_test_id("stSelectbox").filter(has_text="Reference"), "Llama 3")
    page.wait_for_function("() => new URLSearchParams(location.search).get('ref') === 'llama3'", timeout=WAIT_MS)
    settle(page)
    grid_cell = 'tbody tr[aria-rowindex="3"] td[aria-colindex="3"]'  # Llama 3's row: the new reference
    expect(page.get_by_test_id("stDataFrame").first.locator(grid_cell)).to_have_text("1", timeout=WAIT_MS)
    ratios = summary_ratios(page)
    assert ratios[1] == 1 and ratios[0] < 1, ratios  # GPT-4o needs fewer tokens than Llama 3 here
    shared = new_page(viewport=viewport)  # a new browser context: only the link carries the choice
    shared.goto(page.url)
    expect(shared.locator(".tl-seg")).to_have_count(2, timeout=WAIT_MS)
    settle(shared)
    expect(shared.get_by_test_id("stSelectbox").filter(has_text="Reference").locator("input")).to_have_value("Llama 3")
    assert summary_ratios(shared) == ratios


@SIZES
@pytest.mark.parametrize("path", list(CHARTED_PAGES), ids=[p or "segmentation" for p in CHARTED_PAGES])
def test_the_toolbar_never_covers_a_chart_title(new_page, app_url: str, viewport: dict[str, int], path: str) -> None:
    page = new_page(viewport=viewport)
    open_page(page, app_url, path)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(CHARTED_PAGES[path], timeout=PROFILE_MS)
    for index in range(CHARTED_PAGES[path]):
        chart = charts.nth(index)
        # The toolbar shows while the pointer is over the chart: moved onto its title's line, brought
        # to the middle of the screen (a tall heatmap's top would sit under the app's header).
        chart.locator(".gtitle").evaluate("title => title.scrollIntoView({block: 'center'})")
        frame, title = chart.bounding_box(), chart.locator(".gtitle").bounding_box()
        assert frame and title
        page.mouse.move(frame["x"] + 5, title["y"] + title["height"] / 2)
        toolbar = chart.locator(".modebar")
        expect(toolbar).to_be_visible()
        bar = toolbar.bounding_box()
        assert bar
        assert not boxes_meet(title, bar), (path, index, title, bar)
        # The whole title inside its chart: neither cut at the top nor past the right edge.
        assert frame["y"] <= title["y"] and title["x"] + title["width"] <= frame["x"] + frame["width"], (path, index)
    assert_fits(page, viewport["width"])
    tables = page.get_by_test_id("stDataFrame").filter(visible=True).all()
    assert all((box := table.bounding_box()) and box["x"] + box["width"] <= viewport["width"] for table in tables)


@SIZES
def test_the_languages_heatmap_cuts_no_name_and_overlaps_no_number(
    new_page, app_url: str, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=viewport)
    open_page(page, app_url, "languages")
    heatmap = page.locator(".js-plotly-plot").filter(has=page.locator(".heatmaplayer"))
    expect(heatmap).to_have_count(1, timeout=PROFILE_MS)
    report = heatmap.evaluate(
        """chart => {
            const frame = chart.getBoundingClientRect();
            const box = e => e.getBoundingClientRect();
            const labels = [...chart.querySelectorAll('.ytick text, .xtick text')].map(box);
            const cut = labels.filter(r => r.left < frame.left || r.right > frame.right || r.bottom > frame.bottom);
            const texts = [...chart.querySelectorAll('.heatmaplayer text')].map(box);
            let overlaps = 0;
            for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
                const a = texts[i], b = texts[j];
                const across = a.left < b.right - 0.5 && b.left < a.right - 0.5;
                if (across && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
            }
            return {labels: labels.length, cut: cut.length, numbers: texts.length, overlaps};
        }"""
    )
    assert report["labels"] >= 96 + 6 and report["cut"] == 0, report
    assert report["numbers"] == 96 * 6 and report["overlaps"] == 0, report


@SIZES
@pytest.mark.parametrize("path", ["tokenizers", "vocab-scaling"])
def test_pages_without_screenshots_of_their_own_fit_and_are_kept(
    new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int], path: str
) -> None:
    """The catalogue at both sizes and Vocabulary size on a phone, for docs/screenshots/."""
    page = new_page(viewport=viewport)
    open_page(page, app_url, path)
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert_fits(page, viewport["width"])
    if path == "tokenizers" or viewport is PHONE:
        save_screenshot(page, artifacts_dir, f"{path}-{'phone' if viewport is PHONE else 'desktop'}")
