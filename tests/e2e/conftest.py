"""Browser fixtures for the end-to-end journeys: Debian's chromium driven by Playwright's sync API
against pytest-django's live server. Reuse `page`, `login` and `screenshot_dir` in new journeys."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this is deliberate (only in these tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KRING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 820, "height": 1180}
DEFAULT_TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server runs in another thread: tests commit their data so it can see it."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/chromium.sh` (make test-e2e does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory for fresh browser pages (own cookies) at a given viewport, e.g. TABLET."""
    contexts = []

    def make(viewport: dict[str, int] | None = None, locale: str = "nl-NL"):
        context = browser.new_context(viewport=viewport or LAPTOP, locale=locale, base_url=live_server.url)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login() -> Callable:
    """Log a page in through the real login form."""

    def do_login(page, username: str, password: str) -> None:
        page.goto("/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form.login-form button[type=submit]").click()
        page.wait_for_load_state()

    return do_login


@pytest.fixture
def screenshot_dir() -> Iterator[Path]:
    """Where journeys may save screenshots for a human to look at; never committed."""
    path = Path(os.environ.get("KRING_SCREENSHOT_DIR", "/tmp/kring-screenshots"))  # noqa: S108
    path.mkdir(parents=True, exist_ok=True)
    yield path
