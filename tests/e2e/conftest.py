"""End-to-end fixtures: a real `streamlit run app.py` server and a real headless Chromium.

The browser is Debian's /usr/bin/chromium (`apt-get install -y chromium`); Playwright's own
browser downloads are never used. Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
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
SERVER_START_TIMEOUT_S = 60.0
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _is_local(url: str) -> bool:
    """Whether `url` stays on this machine (data:, blob: and about: URLs never hit the network)."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}  # TOKENLAB_DATA_DIR, if set, passes through
    log = tempfile.TemporaryFile(mode="w+b")  # a file, not a pipe: a full pipe would block the server
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        # Edits to the working tree during a run must not show a "Source file changed" prompt
        # in the page under test (nor rerun it): the server runs the code it started with.
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")

    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with status {process.returncode} before answering:\n{output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer {url}/_stcore/health within {SERVER_START_TIMEOUT_S:.0f} s:\n{output()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


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


def _instrumented_page(browser, viewport: dict[str, int]) -> tuple[object, object]:  # noqa: ANN001
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

    def on_console(message) -> None:  # noqa: ANN001
        if message.type == "error":
            errors.append(f"console.error: {message.text} ({message.location.get('url', '')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return context, page


def _assert_clean(pages: list) -> None:  # noqa: ANN001
    problems = [error for page in pages for error in page.errors]
    problems += [f"external request: {url}" for page in pages for url in page.external_requests]
    assert not problems, "the browser reported errors or tried to leave localhost:\n" + "\n".join(problems)


@pytest.fixture
def new_page(browser) -> Iterator[object]:  # noqa: ANN001 (playwright types are imported lazily)
    """A factory: `new_page(viewport=None)` opens a page in a fresh browser context (fresh
    cookies, fresh Streamlit session). Every page it made is checked at teardown: no console
    errors, no page errors, no requests outside localhost."""
    made: list[tuple[object, object]] = []

    def factory(viewport: dict[str, int] | None = None):  # noqa: ANN202
        made.append(_instrumented_page(browser, viewport or VIEWPORT))
        return made[-1][1]

    try:
        yield factory
    finally:
        for context, _ in made:
            context.close()
    _assert_clean([page for _, page in made])


@pytest.fixture
def page(new_page) -> object:  # noqa: ANN001
    """One fresh page at 1280x800, checked like every `new_page` page."""
    return new_page()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where screenshots go (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

