"""Browser tests: Playwright (sync API) drives Debian's Chromium against the live server.

Every browser test is marked ``@pytest.mark.browser`` (``pytestmark = pytest.mark.browser`` at the
top of the module) and uses ``page`` and ``live_server``; ``live_server`` gives it a transactional
database, so data made with the factories is visible to the server thread.

``page`` fails the test on any console error, which includes every Content Security Policy
violation. The messages are kept on ``page.console_messages``; a test that expects an error
asserts on it and then removes it from the list.

Playwright's own browser download does not work here, so Chromium is Debian's package. Without
it the tests are skipped on a workstation and fail in CI (when the CI variable is set).
"""

import os
import shutil
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from trackii.accounts.services import second_factor_step
from trackii.accounts.testing import authenticator_for, totp_code

# Playwright's sync API runs an asyncio event loop in the test thread for the whole session.
# Django sees that running loop and raises SynchronousOnlyOperation for every ORM call made in
# a test body (factories, assertions on the database), even in tests that run after the
# browser ones. The ORM calls really are synchronous and in their own thread's connection, so
# the guard is safe to lift for the test run.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)

CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass(frozen=True)
class ConsoleMessage:
    type: str  # "error", "warning", "log", ... or "pageerror" for an uncaught exception
    text: str
    url: str

    def __str__(self):
        return f"[{self.type}] {self.text} ({self.url})"


def _is_favicon(message):
    # Every page of ours names its favicon (static/favicon.svg), but Chromium may still ask for
    # /favicon.ico on its own and log the 404: that error says nothing about the page under test.
    return urlsplit(message.url or "").path == "/favicon.ico"


def _in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session."""
    executable = shutil.which("chromium")
    if executable is None:
        reason = (
            "browser tests need Debian's chromium on PATH "
            "(apt-get install chromium); Playwright's own download is not used"
        )
        if _in_ci():
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def new_page(browser, base_url):
    """A page in a fresh browser context (no cookies) on `base_url`, with the usual timeouts.

    ``page.console_messages`` lists every console message and uncaught page error seen so far.
    The caller closes ``page.context``.
    """
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    messages: list[ConsoleMessage] = []
    page.on(
        "console",
        lambda msg: messages.append(ConsoleMessage(msg.type, msg.text, msg.location.get("url"))),
    )
    page.on("pageerror", lambda exc: messages.append(ConsoleMessage("pageerror", str(exc), "")))
    page.console_messages = messages
    return page


def console_errors(page) -> list[ConsoleMessage]:
    """The errors in the page's console (CSP violations included), but for the favicon's."""
    return [
        m for m in page.console_messages if m.type in ("error", "pageerror") and not _is_favicon(m)
    ]


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) and page for one test, failing it on console errors.

    ``page.console_messages`` lists every console message and uncaught page error seen so far.
    """
    page = new_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a browser test that passed its own assertions but left errors in the console.

    Checked here rather than in the fixture's teardown so that it counts as the test failing,
    not as an error in teardown.
    """
    result = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    messages = getattr(page, "console_messages", None)
    if messages is not None:
        errors = console_errors(page)
        if errors:
            pytest.fail(
                "errors in the browser console (CSP violations included):\n"
                + "\n".join(f"  {m}" for m in errors),
                pytrace=False,
            )
    return result


def login(page, live_server, email, password):
    """Log in through the real login form, and wait until the browser has left it.

    Users who must have a second factor (organizers, facilitators) or have one get an
    authenticator app set up (if they have none) and enter its code at the second step.
    For logins that are meant to succeed; a test of a failing login fills the form itself.
    """
    user = get_user_model().objects.get(email=email.lower())
    device = authenticator_for(user) if second_factor_step(user) else None
    login_path = reverse("accounts:login")
    verify_path = reverse("accounts:second-factor-verify")
    page.goto(live_server.url + login_path)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.wait_for_url(lambda url: urlsplit(url).path == verify_path)
        page.get_by_label("Code").fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: urlsplit(url).path not in (login_path, verify_path))
