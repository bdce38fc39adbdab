"""Password reset does not get round the second factor; leaked passwords are refused."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.security.conftest import code_step, password_step
from trackii.accounts.models import UserSession
from trackii.accounts.testing import authenticator_for, totp_code
from trackii.accounts.validators import BreachedPasswordValidator

NEW_PASSWORD = "a-quite-new-passphrase-2026"
LEAKED = "iloveyou12345"


def reset_link(client, email):
    client.post(reverse("accounts:password_reset"), {"email": email})
    return re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[-1].body)[1]


def set_password_by_reset(client, email, password):
    link = client.get(reset_link(client, email))["Location"]  # the token moves to the session
    return client.post(link, {"new_password1": password, "new_password2": password})


def test_password_reset_does_not_log_in(cast, client):
    response = set_password_by_reset(client, cast["organizer"].email, NEW_PASSWORD)

    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert "_auth_user_id" not in client.session


def test_login_after_reset_still_asks_for_the_code(cast, client):
    device = authenticator_for(cast["organizer"])
    set_password_by_reset(client, cast["organizer"].email, NEW_PASSWORD)

    response = password_step(client, cast["organizer"].email, NEW_PASSWORD)

    assert response["Location"] == reverse("accounts:second-factor-verify") + "?next=%2F"
    assert client.get("/").status_code == 302
    assert code_step(client, totp_code(device)).status_code == 302
    assert client.get("/").status_code == 200


def test_password_reset_ends_every_session_of_the_user(cast):
    logged_in = Client()
    logged_in.force_login(cast["participant"])

    set_password_by_reset(Client(), cast["participant"].email, NEW_PASSWORD)

    assert not UserSession.objects.filter(user=cast["participant"]).exists()
    assert logged_in.get("/").status_code == 302


def test_reset_to_a_leaked_password_answers_200_with_the_reason(cast, client):
    response = set_password_by_reset(client, cast["participant"].email, LEAKED)

    assert response.status_code == 200
    assert "appears in published lists of leaked passwords" in response.text


@pytest.mark.parametrize("password", [LEAKED, "Password1234", "qwertyuiop123", "ILOVEYOU12345"])
def test_leaked_passwords_are_refused(password):
    with pytest.raises(ValidationError) as error:
        BreachedPasswordValidator().validate(password)

    assert error.value.code == "password_breached"


@pytest.mark.parametrize("password", ["correct-horse-battery-staple", "short"])
def test_other_passwords_pass_the_leak_check(password):
    assert BreachedPasswordValidator().validate(password) is None


def test_leak_check_is_one_of_the_configured_validators():
    with pytest.raises(ValidationError) as error:
        validate_password(LEAKED)

    assert "published lists of leaked passwords" in " ".join(error.value.messages)
