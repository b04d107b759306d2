"""The Languages page's map draws country outlines, served by the app itself.

plotly.js fetches a world topojson to draw outlines; its default source is a CDN. The page
points it at static/topojson/ (Streamlit's static serving), so the outlines draw with no
request leaving localhost: conftest aborts any outside request and fails the test on it, and
a missing file would log a console error, which fails it too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import open_from_sidebar, settle

PROFILE_MS = 180_000  # a cold cache counts the 96 languages first
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_map_draws_country_outlines_from_this_server(
    new_page, app_url: str, artifacts_dir: Path, viewport: dict[str, int]
) -> None:
    page = new_page(viewport=DESKTOP)  # the sidebar's links are one tap further on a phone
    served: list[str] = []
    page.on("response", lambda response: served.append(f"{response.status} {response.url}"))
    open_from_sidebar(page, app_url, "Languages", charts=4, timeout_ms=PROFILE_MS)
    page.set_viewport_size(viewport)
    world = page.locator(".js-plotly-plot").filter(has=page.locator(".geolayer g.geo"))
    expect(world).to_have_count(1)
    countries = world.locator(".geolayer g.layer.countries path")
    expect(countries).to_have_count(1, timeout=PROFILE_MS)
    settle(page)
    assert len(countries.get_attribute("d") or "") > 10_000  # ~170 countries' borders, not an empty path
    assert len(world.locator(".geolayer g.layer.land path").get_attribute("d") or "") > 10_000
    assert f"200 {app_url}/app/static/topojson/world_110m.json" in served
    assert world.locator(".geolayer path.point").count() >= 90  # the languages, over the outlines
    world.scroll_into_view_if_needed()
    world.screenshot(path=artifacts_dir / f"languages-map-{'phone' if viewport is PHONE else 'desktop'}.png")
