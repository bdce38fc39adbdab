"""Logging in with a passkey instead of a code: only the user's own passkey, answering this
session's challenge from this site, with a signature counter that went up. A refused passkey
counts toward the lockout like a wrong code."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.conftest import AUTHENTICATION_OPTIONS, LOGIN, passkey_for, passkey_step
from tests.security.conftest import IP, logged_in_user_id, password_step
from trackii.accounts import services
from trackii.accounts.testing import authenticator_for
from trackii.passkeys.models import Passkey
from trackii.privacy.models import AuditEvent

HOME = reverse("home")
VERIFY = reverse("accounts:second-factor-verify")


def failures(email):
    return sum(
        AccessAttempt.objects.filter(username=email, ip_address=IP).values_list(
            "failures_since_start", flat=True
        )
    )


def is_verified(client):
    """Whether the client gets past the second-factor step to the dashboard."""
    return client.get(HOME).status_code == 200


@pytest.fixture
def laptop(organizer, soft_authenticator):
    """The organizer's passkey; `.authenticator` is what holds it."""
    passkey = passkey_for(organizer, soft_authenticator, name="Laptop")
    passkey.authenticator = soft_authenticator
    return passkey


def test_password_then_passkey_reaches_the_page_asked_for(client, organizer, laptop):
    password_step(client, organizer.email)

    response = passkey_step(client, laptop.authenticator, next_url="/d/1/")

    assert response.status_code == 302
    assert response["Location"] == "/d/1/"
    assert is_verified(client)
    laptop.refresh_from_db()
    assert laptop.sign_count == 1
    assert laptop.last_used_at is not None


def test_passkey_login_is_one_ordinary_login_in_the_audit(client, organizer, laptop):
    password_step(client, organizer.email)

    passkey_step(client, laptop.authenticator)

    actions = list(AuditEvent.objects.filter(actor=organizer).values_list("action", flat=True))
    assert actions == [AuditEvent.Action.LOGIN]
    assert failures(organizer.email) == 0


def test_verify_page_offers_a_passkey_next_to_the_code_form(client, organizer, laptop):
    password_step(client, organizer.email)

    response = client.get(VERIFY)

    nonce = response.context["csp_nonce"]
    assert 'name="code"' in response.text
    assert f'action="{LOGIN}"' in response.text
    assert f'src="/static/js/passkeys.js" nonce="{nonce}"' in response.text


def test_verify_page_without_passkeys_offers_none(client, organizer):
    password_step(client, organizer.email)

    response = client.get(VERIFY)

    assert 'name="code"' in response.text
    assert "passkeys.js" not in response.text
    assert client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP).status_code == 404


def test_authentication_options_allow_only_the_users_passkeys(client, organizer, laptop, cast):
    passkey_for(cast["facilitator"], SoftAuthenticator(2))
    password_step(client, organizer.email)

    options = client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP).json()

    assert options["rpId"] == "testserver"
    assert [c["id"] for c in options["allowCredentials"]] == [laptop.credential_id]


@pytest.mark.parametrize(
    "bend",
    [
        {"challenge": b"a-challenge-the-server-never-sent"},
        {"origin": "https://evil.example"},
        {"rp_id": "evil.example"},
    ],
    ids=["wrong-challenge", "wrong-origin", "wrong-rp-id"],
)
def test_passkey_answer_bent_is_refused_and_counted(client, organizer, laptop, bend):
    password_step(client, organizer.email)

    response = passkey_step(client, laptop.authenticator, **bend)

    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert not is_verified(client)
    assert failures(organizer.email) == 1
    laptop.refresh_from_db()
    assert laptop.last_used_at is None


def test_refused_passkey_says_so_on_the_code_page(client, organizer, laptop):
    password_step(client, organizer.email)
    passkey_step(client, laptop.authenticator, origin="https://evil.example")

    response = client.get(f"{VERIFY}?next=%2F")

    assert "That passkey could not be checked." in response.text


def test_passkey_answer_replayed_at_a_later_login_is_refused(client, organizer, laptop):
    authenticator = laptop.authenticator
    password_step(client, organizer.email)
    options = client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP).content
    answer = authenticator.sign(options)
    client.post(LOGIN, {"credential": answer}, REMOTE_ADDR=IP)
    client.post(reverse("accounts:logout"))
    password_step(client, organizer.email)
    client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP)

    client.post(LOGIN, {"credential": answer}, REMOTE_ADDR=IP)

    assert not is_verified(client)
    assert failures(organizer.email) == 1


def test_passkey_answer_without_a_challenge_is_refused(client, organizer, laptop):
    authenticator = laptop.authenticator
    password_step(client, organizer.email)
    options = client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP).content
    answer = authenticator.sign(options, origin="https://evil.example")
    client.post(LOGIN, {"credential": answer}, REMOTE_ADDR=IP)  # uses the challenge up

    client.post(LOGIN, {"credential": authenticator.sign(options)}, REMOTE_ADDR=IP)

    assert not is_verified(client)
    assert failures(organizer.email) == 2


def test_unknown_passkey_is_refused(client, organizer, laptop):
    password_step(client, organizer.email)

    passkey_step(client, SoftAuthenticator(99))

    assert not is_verified(client)
    assert failures(organizer.email) == 1


def test_another_users_passkey_is_refused(client, organizer, laptop, cast):
    theirs = SoftAuthenticator(2)
    passkey_for(cast["facilitator"], theirs)
    password_step(client, organizer.email)

    passkey_step(client, theirs)

    assert not is_verified(client)
    assert failures(organizer.email) == 1


def test_passkey_whose_counter_went_back_is_refused(client, organizer, soft_authenticator):
    passkey = passkey_for(organizer, soft_authenticator, sign_count=10)
    password_step(client, organizer.email)

    passkey_step(client, soft_authenticator, sign_count=5)

    assert not is_verified(client)
    passkey.refresh_from_db()
    assert passkey.sign_count == 10


def test_refused_passkeys_up_to_the_limit_lock_the_account(client, organizer, laptop, settings):
    password_step(client, organizer.email)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        passkey_step(client, SoftAuthenticator(99))
    response = passkey_step(client, SoftAuthenticator(99))

    assert response.status_code == 429
    assert logged_in_user_id(client) is None
    assert password_step(client, organizer.email).status_code == 429


def test_passkey_login_after_the_lockout_is_refused(client, organizer, laptop, settings):
    password_step(client, organizer.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        passkey_step(client, SoftAuthenticator(99))
    AccessAttempt.objects.filter(username=organizer.email).update(
        failures_since_start=settings.AXES_FAILURE_LIMIT
    )

    response = passkey_step(client, laptop.authenticator)

    assert response.status_code == 429
    assert logged_in_user_id(client) is None


def test_passkey_login_of_a_verified_session_changes_nothing(signed_in, organizer, laptop):
    response = signed_in.post(LOGIN, {"credential": "{}", "next": "/d/1/"})

    assert response.status_code == 302
    assert response["Location"] == "/d/1/"
    assert signed_in.post(AUTHENTICATION_OPTIONS).status_code == 404


def test_passkey_login_page_is_not_reachable_before_the_password(client, laptop):
    response = client.post(LOGIN, {"credential": "{}"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_session_verified_with_a_passkey_stays_verified(client, organizer, laptop):
    password_step(client, organizer.email)
    passkey_step(client, laptop.authenticator)

    statuses = [client.get(HOME).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_passkeys_go_with_the_second_factor_when_it_is_turned_off(cast):
    participant = cast["participant"]
    authenticator_for(participant)
    passkey_for(participant, SoftAuthenticator(3))

    services.second_factor_remove(user=participant)

    assert Passkey.objects.filter(user=participant).count() == 0
    assert services.second_factor_step(participant) is None
