"""Logging in and out through the real form, in a real browser."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, UserFactory
from trackii.privacy.roles import Role

pytestmark = pytest.mark.browser

# Django's own message for a failed login. It names neither field as the wrong one, so the form
# does not tell a stranger which e-mail addresses have an account.
GENERIC_LOGIN_ERROR = (
    "Please enter a correct e-mail address and password. "
    "Note that both fields may be case-sensitive."
)


@pytest.fixture
def organizer(db):
    user = UserFactory(email="amira@example.org", display_name="Amira Haddad")
    MembershipFactory(dialogue=DialogueFactory(code_name="JUNIPER"), user=user, role=Role.ORGANIZER)
    return user


def submit_login_form(page, *, email, password):
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def login_error(page):
    return page.locator(".errorlist.nonfield li").all_inner_texts()


def assert_logged_out(page):
    assert "sessionid" not in {cookie["name"] for cookie in page.context.cookies()}
    page.goto(reverse("home"))
    assert urlsplit(page.url).path == reverse("accounts:login")
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)


def test_login_as_organizer_shows_dashboard_then_logout_returns_to_login(
    page, live_server, organizer
):
    login(page, live_server, "amira@example.org", PASSWORD)

    assert urlsplit(page.url).path == reverse("home")
    expect(page.get_by_role("heading", level=1)).to_have_text("My dialogues")
    expect(page.locator(".card__title")).to_have_text(["JUNIPER"])
    expect(page.locator(".site-header .account__name")).to_have_text("Signed in as Amira Haddad")

    page.locator(".site-header").get_by_role("button", name="Log out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert urlsplit(page.url).path == reverse("accounts:login")
    assert_logged_out(page)


def test_login_with_wrong_password_shows_generic_error_and_stays_logged_out(
    page, live_server, organizer
):
    submit_login_form(page, email="amira@example.org", password="not-the-password")

    assert login_error(page) == [GENERIC_LOGIN_ERROR]
    text = page.locator("main").inner_text().lower()
    for telltale in ("no account", "unknown e-mail", "wrong password", "incorrect password"):
        assert telltale not in text
    assert_logged_out(page)


def test_login_with_unknown_email_shows_same_error_as_wrong_password(page, live_server, organizer):
    submit_login_form(page, email="amira@example.org", password="not-the-password")
    wrong_password = page.locator(".form-errors").inner_text()

    submit_login_form(page, email="nobody@example.org", password=PASSWORD)

    assert page.locator(".form-errors").inner_text() == wrong_password
    assert login_error(page) == [GENERIC_LOGIN_ERROR]
    assert_logged_out(page)
