"""What every browser test does: wait for Streamlit to settle, keep screenshots.

README screenshots (docs/screenshots/) are rewritten only with TOKENLAB_SCREENSHOTS=1, so a
normal test run leaves committed files alone; working copies always go to the artifacts dir.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import urllib.parse
from pathlib import Path

from PIL import Image
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO_ROOT = Path(__file__).resolve().parents[2]
README_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
WRITE_README_SCREENSHOTS = os.environ.get("TOKENLAB_SCREENSHOTS") == "1"
WAIT_MS = 30_000


def settle(page: Page, timeout_ms: int = WAIT_MS) -> None:
    """Wait until the current script run has finished and nothing on screen is stale.

    Call it only once the effect of an action is visible (a new URL, new text): right after a
    click, the rerun may not have started yet, and an idle app then proves nothing.
    """
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.dataset.testScriptState === 'notRunning'
                && app.dataset.testConnectionState === 'CONNECTED'
                && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=timeout_ms,
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


def assert_drawn(path: Path, size: tuple[int, int]) -> None:
    """The screenshot is the window's `size` and not a blank or one-colour frame: at least a
    quarter of it differs from its commonest colour, in more than 100 colours (a page's text,
    charts and sidebar; a blank page is one colour, a spinner a few)."""
    with Image.open(path) as image:
        assert image.size == size, f"{path.name} is {image.size}, not the window's {size}"
        thumbnail = image.convert("RGB").resize((size[0] // 4, size[1] // 4))
    colours = thumbnail.getcolors(thumbnail.width * thumbnail.height)
    commonest = max(count for count, _ in colours)
    drawn = 1 - commonest / (thumbnail.width * thumbnail.height)
    assert drawn > 0.25 and len(colours) > 100, f"{path.name} looks blank ({drawn:.0%} drawn, {len(colours)} colours)"


def keep_screenshot(path: Path, size: tuple[int, int]) -> None:
    """Check an artifacts screenshot, and copy it to docs/screenshots/ when TOKENLAB_SCREENSHOTS=1."""
    assert_drawn(path, size)
    if WRITE_README_SCREENSHOTS:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS / path.name)


def save_screenshot(page: Page, artifacts_dir: Path, name: str, height: int | None = None) -> None:
    """A screenshot of the viewport, or of a window `height` pixels tall (Streamlit scrolls inside
    its own container, so a taller window is how to see the whole page)."""
    viewport = page.viewport_size
    if height:
        page.set_viewport_size({"width": viewport["width"], "height": height})
        settle(page)
    page.evaluate("document.fonts.ready")
    path = artifacts_dir / f"{name}.png"
    page.screenshot(path=path)
    size = (viewport["width"], height or viewport["height"])
    if height:
        page.set_viewport_size(viewport)
    keep_screenshot(path, size)


def open_from_sidebar(page: Page, app_url: str, link: str, charts: int, timeout_ms: int = WAIT_MS) -> None:
    """Open the app, follow the sidebar link `link`, wait for its `charts` plotly charts.

    Through the sidebar, not the page's own URL: a direct load of a sub-path makes Streamlit
    probe `<path>/_stcore/health` first, which logs a 404 (streamlit/streamlit#7074).
    """
    page.goto(app_url)
    # The default page first, whole: a click during its run, or a count of its own two charts
    # before the new page has replaced them, would look like the new page.
    expect(page.locator(".tl-seg").first).to_be_attached(timeout=timeout_ms)
    settle(page, timeout_ms)
    default_title = page.locator("h1").first.inner_text()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    page.wait_for_function(
        "title => { const h = document.querySelector('h1'); return h && h.innerText !== title; }",
        arg=default_title,
        timeout=timeout_ms,
    )
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=timeout_ms)
    settle(page, timeout_ms)


def choose_option(page: Page, selectbox: Locator, option: str) -> None:
    """Pick `option` in a select box. Scrolled into view first: a click that has to scroll a box far
    down the page can land while the charts above it re-lay out, and then it only focuses the box
    and no list opens (seen on Languages, 2,900 px down)."""
    selectbox.scroll_into_view_if_needed()
    choice = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        selectbox.click()
        try:
            choice.wait_for(timeout=2_000)
            break
        except PlaywrightTimeoutError:
            page.keyboard.press("Escape")
    choice.click()


def give_layout_time(page: Page, predicate: str, arg: object, timeout_ms: int = 5_000) -> None:
    """Wait up to `timeout_ms` for the JS `predicate(arg)` to hold, and return either way: a
    layout measured once can fall between two frames on a busy machine, and the assertion that
    follows this call measures again and says what is wrong."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(predicate, arg=arg, timeout=timeout_ms)


def forgive_subpath_probes(page: Page, app_url: str, path: str) -> None:
    """A page loaded at its own path first probes <path>/_stcore/... (404; streamlit/streamlit#7074).

    On a server no visitor has opened yet, the frontend also logs "The page that you have requested
    does not seem to exist" before the app's first run tells it the pages `st.navigation` serves;
    that run then shows the requested page. Forgiven only when the page did end up at `path`.
    """
    probes = [f"{app_url}/{path}/_stcore/{endpoint}" for endpoint in ("health", "host-config")]
    for error in [e for e in page.errors if "status of 404" in e and any(e.endswith(f"({p})") for p in probes)]:
        page.errors.remove(error)
    if urllib.parse.urlsplit(page.url).path == f"/{path}":
        unknown = "The page that you have requested does not seem to exist"
        for error in [e for e in page.errors if unknown in e]:
            page.errors.remove(error)


def chart_points(page: Page) -> list[int]:
    """Points in each plotly chart on the page, in order (x, y, z, values or locations of every
    trace): a drawn frame without data has none."""
    return page.locator(".js-plotly-plot").evaluate_all(
        """charts => charts.map(chart => (chart.data || []).reduce((sum, trace) => sum + Math.max(0,
            ...['x', 'y', 'z', 'values', 'locations', 'lat'].map(key => trace[key] ? trace[key].length : 0)), 0))"""
    )


def assert_fits(page: Page, width: int) -> None:
    """No visible chart, table or heading of the main area reaches past a `width`-pixel window."""
    shown = page.get_by_test_id("stMain").locator('.js-plotly-plot, [data-testid="stDataFrame"], h1, h2, h3')
    too_wide = [
        f"{element.evaluate('e => e.dataset.testid || e.tagName')} ends at {box['x'] + box['width']:.0f} px"
        for element in shown.filter(visible=True).all()
        if (box := element.bounding_box()) and box["x"] + box["width"] > width
    ]
    assert not too_wide, f"wider than a {width} px window: {too_wide}"


def resize_to(page: Page, viewport: dict[str, int]) -> None:
    """Resize the window, then wait for the layout: on a phone width Streamlit slides the
    sidebar away, and a screenshot taken during the slide shows half a sidebar over the page."""
    page.set_viewport_size(viewport)
    page.wait_for_function(
        """() => {
            const sidebar = document.querySelector('[data-testid="stSidebar"]');
            return !sidebar || sidebar.getBoundingClientRect().right <= 0 || window.innerWidth > 640;
        }""",
        timeout=WAIT_MS,
    )
    page.wait_for_timeout(300)  # plotly's resize handler redraws the charts
    settle(page)
