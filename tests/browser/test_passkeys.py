"""An organizer adds a passkey on the account page, logs out, and logs in with password and
passkey instead of a code, with Chromium's virtual authenticator standing in for a device.

WebAuthn needs a secure context and an RP ID that is a domain: the live server is opened as
http://localhost:<port> (localhost counts as secure), never 127.0.0.1.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, DialogueFactory, MembershipFactory, UserFactory
from trackii.accounts.testing import authenticator_for
from trackii.passkeys.models import Passkey
from trackii.privacy.roles import Role

pytestmark = pytest.mark.browser

EMAIL = "amira@example.org"


@pytest.fixture
def organizer(db):
    user = UserFactory(email=EMAIL, display_name="Amira Haddad")
    MembershipFactory(dialogue=DialogueFactory(code_name="JUNIPER"), user=user, role=Role.ORGANIZER)
    authenticator_for(user)
    return user


@pytest.fixture
def base_url(live_server):
    """The live server by name: browsers refuse WebAuthn for an IP address."""
    parts = urlsplit(live_server.url)
    return f"http://localhost:{parts.port}"


@pytest.fixture
def virtual_authenticator(page):
    """A platform authenticator (like a laptop's fingerprint reader) that always verifies
    the user, through the Chrome DevTools Protocol."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def test_organizer_adds_a_passkey_then_logs_in_with_it(
    page, base_url, organizer, virtual_authenticator
):
    cdp, authenticator_id = virtual_authenticator
    login(page, _Server(base_url), EMAIL, PASSWORD)
    page.goto(base_url + reverse("accounts:account"))

    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_role("button", name="Add passkey").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".messages")).to_contain_text("Your passkey is added.")
    expect(page.get_by_role("list", name="Passkeys")).to_contain_text("Work laptop")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1

    page.locator(".site-header").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    page.get_by_role("button", name="Use a passkey").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My dialogues")
    expect(page.locator(".card__title")).to_have_text(["JUNIPER"])
    assert urlsplit(page.url).path == reverse("home")
    passkey = Passkey.objects.get(user=organizer)
    assert passkey.name == "Work laptop"
    assert passkey.last_used_at is not None


class _Server:
    """What conftest.login needs of live_server: its URL, here by name."""

    def __init__(self, url):
        self.url = url
