"""Changing the password, the e-mail address or the second factor needs the password (and
a fresh code, for users with a second factor) typed within the last five minutes."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from tests.security.conftest import wrong_code
from trackii.accounts import session_state
from trackii.accounts.testing import authenticator_for, totp_code

NEW_PASSWORD = "a-quite-new-passphrase-2026"
PROMPT = "Confirm it’s you"


def confirm(client, url, password=PASSWORD, code=None):
    data = {"reauthenticate": "1", "password": password}
    if code is not None:
        data["code"] = code
    return client.post(url, data)


def age_proof(client, seconds):
    session = client.session
    session[session_state.AUTHENTICATED_AT_KEY] = session_state.now() - seconds
    session.save()


@pytest.mark.parametrize(
    "url_name",
    ["accounts:password_change", "accounts:email-change", "accounts:second-factor-setup"],
)
def test_change_page_without_recent_proof_asks_for_password(cast, client_for, url_name):
    client = client_for(cast["participant"])

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert f"<h1>{PROMPT}</h1>" in response.text
    assert 'name="password"' in response.text
    assert 'name="code"' not in response.text


def test_prompt_for_user_with_second_factor_asks_for_a_code_too(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.get(reverse("accounts:password_change"))

    assert 'name="password"' in response.text
    assert 'name="code"' in response.text


def test_right_password_opens_the_page_for_five_minutes(cast, client_for):
    client = client_for(cast["participant"])
    url = reverse("accounts:password_change")

    response = confirm(client, url)

    assert response.status_code == 302
    assert response["Location"] == url
    assert 'name="new_password1"' in client.get(url).text


def test_proof_older_than_five_minutes_asks_again(cast, client_for):
    client = client_for(cast["participant"])
    url = reverse("accounts:password_change")
    confirm(client, url)

    age_proof(client, 5 * 60 + 1)

    assert f"<h1>{PROMPT}</h1>" in client.get(url).text


def test_wrong_password_answers_422_and_counts_a_failed_login(cast, client_for):
    client = client_for(cast["participant"])

    response = confirm(client, reverse("accounts:password_change"), password="not-my-password")

    assert response.status_code == 422
    assert "That password is not right." in response.text
    assert AccessAttempt.objects.get(username="participant@example.org").failures_since_start == 1


def test_wrong_passwords_up_to_the_limit_log_out_and_lock(cast, client_for, settings):
    client = client_for(cast["participant"])
    url = reverse("accounts:email-change")

    statuses = [
        confirm(client, url, password="not-my-password").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert statuses == [422] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert "_auth_user_id" not in client.session


def test_user_with_second_factor_needs_a_fresh_code(cast, client_for):
    client = client_for(cast["organizer"])
    device = authenticator_for(cast["organizer"])
    url = reverse("accounts:password_change")

    without = confirm(client, url)
    wrong = confirm(client, url, code=wrong_code(device))

    assert without.status_code == 422
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.text
    assert f"<h1>{PROMPT}</h1>" in client.get(url).text


def test_user_with_second_factor_passes_with_password_and_code(cast, client_for):
    client = client_for(cast["organizer"])
    device = authenticator_for(cast["organizer"])
    url = reverse("accounts:password_change")

    response = confirm(client, url, code=totp_code(device))

    assert response["Location"] == url
    assert 'name="new_password1"' in client.get(url).text


def test_password_change_after_proof_changes_it_and_ends_other_sessions(cast, client_for):
    other = Client()
    other.force_login(cast["participant"])
    client = client_for(cast["participant"])
    url = reverse("accounts:password_change")
    confirm(client, url)

    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    cast["participant"].refresh_from_db()
    assert response["Location"] == reverse("accounts:password_change_done")
    assert cast["participant"].check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302


def test_stale_post_of_the_change_form_is_refused_and_changes_nothing(cast, client_for):
    client = client_for(cast["participant"])

    response = client.post(reverse("accounts:email-change"), {"email": "new@example.org"})

    cast["participant"].refresh_from_db()
    assert response.status_code == 403
    assert "nothing was changed" in response.text
    assert cast["participant"].email == "participant@example.org"


def test_email_change_after_proof_waits_for_the_new_address_to_confirm(cast, client_for):
    client = client_for(cast["participant"])
    url = reverse("accounts:email-change")
    confirm(client, url)

    response = client.post(url, {"email": "New.Address@Example.org"})

    cast["participant"].refresh_from_db()
    assert response["Location"] == reverse("accounts:account")
    assert cast["participant"].email == "participant@example.org"
    assert cast["participant"].pending_email == "new.address@example.org"


def test_email_change_to_an_address_in_use_answers_422_and_keeps_what_was_typed(cast, client_for):
    client = client_for(cast["participant"])
    url = reverse("accounts:email-change")
    confirm(client, url)

    response = client.post(url, {"email": "ORGANIZER@example.org"})

    assert response.status_code == 422
    assert "Another account already uses this address." in response.text
    assert 'value="ORGANIZER@example.org"' in response.text


def test_email_change_with_overlong_address_answers_422(cast, client_for):
    client = client_for(cast["participant"])
    url = reverse("accounts:email-change")
    confirm(client, url)

    response = client.post(url, {"email": "a" * 250 + "@example.org"})

    assert response.status_code == 422


def test_replacing_the_authenticator_after_proof_needs_a_code_from_the_new_one(cast, client_for):
    organizer = cast["organizer"]
    client = client_for(organizer)
    old = authenticator_for(organizer)
    url = reverse("accounts:second-factor-setup")
    confirm(client, url, code=totp_code(old))
    client.get(url)
    new = TOTPDevice.objects.get(user=organizer, confirmed=False)

    response = client.post(url, {"code": totp_code(new)})

    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=organizer)) == [new]
    assert client.get("/").status_code == 200  # this session moved to the new device


def test_new_recovery_codes_replace_the_old_ones(cast, client_for):
    organizer = cast["organizer"]
    client = client_for(organizer)
    device = authenticator_for(organizer)
    url = reverse("accounts:recovery-codes")
    confirm(client, url, code=totp_code(device))
    before = set(StaticToken.objects.values_list("token", flat=True))

    response = client.post(url)

    after = set(StaticToken.objects.values_list("token", flat=True))
    assert response.status_code == 200
    assert len(after) == 10
    assert not before & after
    assert all(f"<code>{token}</code>" in response.text for token in after)


def test_team_member_may_not_turn_the_second_factor_off(cast, client_for):
    client = client_for(cast["facilitator"])

    response = client.get(reverse("accounts:second-factor-remove"))

    assert response.status_code == 403


def test_participant_may_turn_a_chosen_second_factor_off_after_proof(cast, client_for):
    participant = cast["participant"]
    device = authenticator_for(participant)
    client = client_for(participant)
    url = reverse("accounts:second-factor-remove")
    confirm(client, url, code=totp_code(device))

    response = client.post(url)

    assert response["Location"] == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=participant).exists()
    assert client.get("/").status_code == 200


def test_qr_code_without_recent_proof_is_refused(cast, client_for):
    client = client_for(cast["participant"])

    response = client.get(reverse("accounts:second-factor-qr"))

    assert response.status_code == 403
