"""Real-browser tests: headless Chromium (Debian's package) driven by Playwright.

The browser is the system's /usr/bin/chromium (``.ci/run`` installs it); Playwright's own
browser download is never used. Without Chromium or Playwright the tests are skipped with
the reason, never failed.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
# Headless in a sandbox with no outside network: the background-networking flags stop
# Chromium from calling Google's services at start (refused here, and slow to fail).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
# Generous for a loaded CI machine; a step normally takes well under a second.
ACTION_TIMEOUT_MS = 20_000

_saved_screenshots: list[Path] = []


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: a real-browser journey in headless Chromium (part of `make test`)"
    )


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


def pytest_terminal_summary(terminalreporter):
    if _saved_screenshots:
        terminalreporter.section("e2e screenshots")
        for path in _saved_screenshots:
            terminalreporter.write_line(str(path))


@pytest.fixture
def browser(monkeypatch):
    """Return headless Chromium, closed (and Playwright stopped) after the test."""
    if not CHROMIUM.exists():
        pytest.skip(
            "needs Debian's chromium at /usr/bin/chromium "
            "(apt-get install chromium chromium-driver fonts-lohit-beng-bengali; .ci/run does)"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs Playwright (pip install -r requirements-dev.txt)"
    )
    # Playwright's sync API keeps an asyncio loop on this thread, so Django would refuse
    # the test's own ORM calls as "async"; they are plain sync calls from the test body.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        # While that loop runs, Django keeps this thread's connections apart from the
        # usual ones (asgiref's Local): close them now, or PostgreSQL's test database
        # cannot be dropped at the end ("being accessed by other users").
        connections.close_all()
        playwright.stop()


def _serve_media(route):
    """Answer /media/… from MEDIA_ROOT, as nginx does in production (DEBUG is off here)."""
    name = unquote(urlsplit(route.request.url).path).removeprefix("/media/")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root in path.parents and path.is_file():
        route.fulfill(path=str(path))
    else:
        route.fulfill(status=404, body="not found")


@pytest.fixture
def new_context(browser, live_server, request):
    """Return a factory of browser contexts (one per person) on the live server."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        context.route(re.compile(r"^https?://[^/]+/media/"), _serve_media)
        contexts.append(context)
        return context

    yield make
    if getattr(request.node, "e2e_failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                path = ARTIFACTS / f"failed-{request.node.name}-{i}-{j}.png"
                page.screenshot(path=str(path), full_page=True)
                _saved_screenshots.append(path)
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """Return ``save(page, name)``: a full-page PNG under test-artifacts/e2e/, its path printed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        _saved_screenshots.append(path)
        print(f"screenshot: {path}")
        return path

    return save
