"""Brute-force lockout: too many failed logins for one account from one address stop
even the right password, for a while; the lockout is audited."""

from django.urls import reverse

from tests.factories import PASSWORD
from trackii.privacy.models import AuditEvent


def attempt(client, password, ip="203.0.113.9"):
    return client.post(
        reverse("accounts:login"),
        {"username": "organizer@example.org", "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_failed_logins_lock_the_account_from_that_address(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-guess")

    response = attempt(client, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed log-ins" in response.text
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LOCKED_OUT, ip_address="203.0.113.9"
    ).exists()


def test_lockout_does_not_block_the_same_account_from_another_address(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "wrong-guess")

    response = attempt(client, PASSWORD, ip="198.51.100.4")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast["organizer"].pk)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(cast, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "wrong-guess")

    response = attempt(client, PASSWORD)

    assert response.status_code == 302
