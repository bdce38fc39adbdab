"""Each user sees the sign-ins, failed attempts and lockouts of their own account on their
account page; nobody else does (but their organization's administrators, on its pages)."""

from django.urls import reverse

from tests.factories import PASSWORD
from trackii.privacy.models import AuditEvent


def attempt(client, email, password, ip):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def sign_in_rows(response):
    return [(e.action, e.ip_address) for e in response.context["sign_ins"]]


def test_failed_login_with_an_accounts_address_names_that_account(cast, client):
    attempt(client, "Participant@Example.org", "wrong-guess", "203.0.113.5")

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (event.object_type, event.object_id, event.actor) == (
        "accounts.user",
        str(cast["participant"].pk),
        None,
    )
    assert "participant@example.org" not in str(event.detail).lower()


def test_failed_login_with_an_unknown_address_names_no_account(cast, client):
    attempt(client, "nobody@example.org", "wrong-guess", "203.0.113.5")

    event = AuditEvent.objects.get(action=AuditEvent.Action.LOGIN_FAILED)
    assert (event.object_type, event.object_id) == ("", "")


def test_account_page_lists_own_sign_ins_failures_and_lockouts_newest_first(
    cast, client, client_for, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "participant@example.org", "wrong-guess", "203.0.113.5")
    attempt(client, "participant@example.org", PASSWORD, "198.51.100.9")

    response = client_for(cast["participant"]).get(reverse("accounts:account"))

    rows = sign_in_rows(response)
    # Newest first: this page's own login, the right password from elsewhere, then the
    # attempts (axes records the lockout while it handles the last failure).
    assert rows[:2] == [("login", None), ("login", "198.51.100.9")]
    assert sorted(rows[2:]) == [
        ("locked_out", "203.0.113.5"),
        *[("login_failed", "203.0.113.5")] * settings.AXES_FAILURE_LIMIT,
    ]
    assert "203.0.113.5" in response.text


def test_account_page_shows_nothing_of_another_accounts_sign_ins(cast, client, client_for):
    attempt(client, "observer@example.org", "wrong-guess", "203.0.113.66")

    response = client_for(cast["participant"]).get(reverse("accounts:account"))

    assert ("login_failed", "203.0.113.66") not in sign_in_rows(response)
    assert "203.0.113.66" not in response.text
