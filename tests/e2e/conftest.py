"""Browser test harness: Playwright driving Debian's Chromium, headless, against live_server.

No browser is downloaded: the system /usr/bin/chromium is used. Where Chromium is missing,
the tests fail in CI and skip visibly elsewhere (scripts/system-deps.sh installs it).
"""

import os
import shutil

import pytest

from ..conftest import require_service

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# and assertions are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(_playwright):
    if not os.path.exists(CHROMIUM):
        require_service(f"Chromium not found at {CHROMIUM}")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_page(browser, live_server, *, locale="en-US", **context_args):
    context = browser.new_context(base_url=live_server.url, locale=locale, **context_args)
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    yield page
    context.close()


@pytest.fixture
def login(live_server, password):
    """``login(page, user)``: signs in through the real login form."""

    def do_login(page, user, secret=None):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.username)
        page.fill("input[name=password]", secret or password)
        page.locator("form button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        return page

    return do_login
