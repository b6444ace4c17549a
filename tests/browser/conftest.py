"""Fixtures for the real-browser journeys: one ``streamlit run`` per session, one Chromium per
session, one fresh browser context (cookies, storage, session) per test.

Fixtures:
- ``streamlit_server`` / ``app_url``: the running app (own temporary ``PITCH_DATA_DIR``).
- ``browser``: headless Debian Chromium. Missing Chromium skips the journeys with an install
  hint, except under ``CI=true`` where it is a failure.
- ``page``: a new 1280 px wide tab; ``console_errors`` collects its console errors and
  uncaught page errors for the test to check. ``make_page(viewport=PHONE)`` opens more tabs
  (each its own session: a second person in the same workshop, or a phone).
- ``app``: a :class:`~.browser_harness.StreamlitPage` on ``page``, already opened at the home page.

A test that fails saves ``test-results/<test>.png`` (the screen when it failed) and adds the
console errors and the end of the server log to its report.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

import pytest

from tests.ci import missing

from .browser_harness import (
    DEFAULT_TIMEOUT_MS,
    DESKTOP,
    INSTALL_HINT,
    ServerStartError,
    StreamlitPage,
    StreamlitServer,
    find_chromium,
    launch_chromium,
)

RESULTS_DIR_NAME = "test-results"
_SERVER_KEY = pytest.StashKey[StreamlitServer]()
_PAGES_KEY = pytest.StashKey[list]()  # tabs a test opened, for screenshots on failure


def _missing_browser(reason: str):
    missing(reason, "browser")


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory, pytestconfig) -> StreamlitServer:
    server = StreamlitServer(tmp_path_factory.mktemp("pitch-data"))
    server.start()
    try:
        server.wait_healthy(timeout=90)
    except ServerStartError as error:
        server.stop()
        pytest.fail(str(error), pytrace=False)
    pytestconfig.stash[_SERVER_KEY] = server
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(streamlit_server) -> str:
    return streamlit_server.url


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("The Playwright package is not installed: `pip install -r requirements-dev.txt`.")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    executable = find_chromium()
    if executable is None:
        _missing_browser(INSTALL_HINT)
    from playwright.sync_api import expect

    expect.set_options(timeout=DEFAULT_TIMEOUT_MS)
    browser = launch_chromium(playwright_instance, executable)
    yield browser
    browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of every tab this test opened."""
    return []


@pytest.fixture
def make_page(browser, console_errors, request):
    """Open a new tab in a new browser context: ``make_page(viewport=PHONE)``."""
    contexts = []
    pages = []

    def _make(viewport: dict | None = None, **context_options):
        context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True, **context_options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda msg: (
                msg.type == "error"
                and console_errors.append(f"console error: {msg.text} ({msg.location.get('url', '')})")
            ),
        )
        page.on("pageerror", lambda exc: console_errors.append(f"uncaught page error: {exc}"))
        pages.append(page)
        return page

    request.node.stash[_PAGES_KEY] = pages
    yield _make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def app(page, app_url) -> StreamlitPage:
    """The app open at its home page in a fresh session, first run finished."""
    driver = StreamlitPage(page, app_url)
    driver.open()
    return driver


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")[:120] or "test"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    results = Path(item.config.rootpath) / RESULTS_DIR_NAME
    name = _artifact_name(item.nodeid)
    if report.when == "call" and report.passed:
        for stale in results.glob(f"{glob.escape(name)}*.png"):  # from an earlier failed run
            stale.unlink(missing_ok=True)
    if report.when not in ("setup", "call") or not report.failed:
        return
    pages = item.stash.get(_PAGES_KEY, [])
    if not pages:
        return
    results.mkdir(exist_ok=True)
    saved = []
    for index, page in enumerate(pages):
        path = results / (f"{name}.png" if index == 0 else f"{name}-{index + 1}.png")
        try:
            page.screenshot(path=str(path), full_page=True)
            saved.append(str(path))
        except Exception as error:  # noqa: BLE001 - a closed page must not hide the real failure
            saved.append(f"(no screenshot of tab {index + 1}: {error})")
    report.sections.append(("browser screenshots", "\n".join(saved)))
    errors = item.funcargs.get("console_errors") if hasattr(item, "funcargs") else None
    if errors:
        report.sections.append(("browser console errors", "\n".join(errors)))
    server = item.config.stash.get(_SERVER_KEY, None)
    if server is not None:
        report.sections.append(("streamlit server log (last 40 lines)", server.log_text(last_lines=40)))
