"""End-to-end fixtures: a real `streamlit run app.py` server and a real headless Chromium.

The browser is Debian's /usr/bin/chromium (`apt-get install -y chromium`); Playwright's own
browser downloads are never used. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.server import Server, serve

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _is_local(url: str) -> bool:
    """Whether `url` stays on this machine (data:, blob: and about: URLs never hit the network)."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def app_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The suite's `streamlit run app.py`, shared by the e2e tests."""
    with serve(tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh `streamlit run app.py` for one module: memory measured from its start, not after
    the suite's other tests."""
    with serve(tmp_path_factory.mktemp("own-server")) as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (sync API)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
            "(.ci/run does this). Do not run `playwright install`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _instrumented_page(browser, viewport: dict[str, int]) -> tuple[object, object]:
    """A new context and page that record console errors, page errors and outside requests.

    `page.errors` (strings) collects every console error and uncaught page error; there is no
    allow-list: a test that expects a specific error must remove it from that list itself.
    `page.external_requests` collects every URL the page tried to fetch from outside this
    machine; such requests are aborted, so a test never depends on the internet.
    """
    context = browser.new_context(viewport=viewport)
    external: list[str] = []
    context.route(lambda url: not _is_local(url), lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.errors = errors
    page.external_requests = external

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"console.error: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return context, page


def _assert_clean(pages: list) -> None:
    problems = [error for page in pages for error in page.errors]
    problems += [f"external request: {url}" for page in pages for url in page.external_requests]
    assert not problems, "the browser reported errors or tried to leave localhost:\n" + "\n".join(problems)


@pytest.fixture
def new_page(browser) -> Iterator[object]:
    """A factory: `new_page(viewport=None)` opens a page in a fresh browser context (fresh
    cookies, fresh Streamlit session). Every page it made is checked at teardown: no console
    errors, no page errors, no requests outside localhost."""
    made: list[tuple[object, object]] = []

    def factory(viewport: dict[str, int] | None = None):
        made.append(_instrumented_page(browser, viewport or VIEWPORT))
        return made[-1][1]

    try:
        yield factory
    finally:
        for context, _ in made:
            context.close()
    _assert_clean([page for _, page in made])


@pytest.fixture
def page(new_page) -> object:
    """One fresh page at 1280x800, checked like every `new_page` page."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where screenshots go (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
