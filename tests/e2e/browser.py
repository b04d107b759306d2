"""What every browser test does: wait for Streamlit to settle, keep screenshots.

README screenshots (docs/screenshots/) are rewritten only with TOKENLAB_SCREENSHOTS=1, so a
normal test run leaves committed files alone; working copies always go to the artifacts dir.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

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


def keep_screenshot(path: Path) -> None:
    """Copy an artifacts screenshot to docs/screenshots/ when TOKENLAB_SCREENSHOTS=1."""
    assert path.stat().st_size > 10_000, f"{path.name} looks blank"
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
    if height:
        page.set_viewport_size(viewport)
    keep_screenshot(path)


def open_from_sidebar(page: Page, app_url: str, link: str, charts: int, timeout_ms: int = WAIT_MS) -> None:
    """Open the app, follow the sidebar link `link`, wait for its `charts` plotly charts.

    Through the sidebar, not the page's own URL: a direct load of a sub-path makes Streamlit
    probe `<path>/_stcore/health` first, which logs a 404 (streamlit/streamlit#7074).
    """
    page.goto(app_url)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=timeout_ms)
    settle(page, timeout_ms)
