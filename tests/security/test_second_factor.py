"""The second factor: who must set it up, logging in with it, wrong codes and the lockout,
recovery codes."""

from base64 import b32encode
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import OrganizationMembershipFactory, UserFactory
from tests.security.conftest import (
    IP,
    code_step,
    logged_in_user_id,
    password_step,
    wrong_code,
)
from trackii.accounts import session_state
from trackii.accounts.testing import authenticator_for, totp_code
from trackii.organizations.models import OrgRole
from trackii.privacy.models import AuditEvent

SETUP = reverse("accounts:second-factor-setup")
VERIFY = reverse("accounts:second-factor-verify")


def failures(email, ip=IP):
    return sum(
        AccessAttempt.objects.filter(username=email, ip_address=ip).values_list(
            "failures_since_start", flat=True
        )
    )


def enrol(client, user):
    """Set up an authenticator app through the setup page; returns the device and codes."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": totp_code(device)})
    return device, response


# --- Who is asked ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_password_login_of_team_member_without_factor_goes_to_setup(cast, client, who):
    response = password_step(client, cast[who].email)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"


def test_password_login_of_organization_admin_in_no_dialogue_goes_to_setup(cast, client):
    # An administrator manages the organization's accounts: a second factor, as the team.
    admin = UserFactory(email="admin-only@example.org")
    OrganizationMembershipFactory(org=cast.organization, user=admin, role=OrgRole.ADMIN)

    response = password_step(client, admin.email)

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"


@pytest.mark.parametrize("who", ["participant", "funder", "observer", "outsider"])
def test_password_login_of_others_without_factor_goes_to_the_dashboard(cast, client, who):
    response = password_step(client, cast[who].email)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_pending_team_member_is_sent_to_setup_from_any_page(organizer, client):
    password_step(client, organizer.email)

    response = client.get(reverse("dialogues:detail", kwargs={"dialogue_id": 1}))

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fd%2F1%2F"


def test_member_made_organizer_while_logged_in_must_set_up_at_next_request(cast, client):
    password_step(client, cast["participant"].email)
    assert client.get("/").status_code == 200
    cast["participant"].memberships.update(role="organizer")

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"


def test_setup_page_shows_qr_code_and_key_in_text(organizer, client):
    password_step(client, organizer.email)

    response = client.get(SETUP)

    device = TOTPDevice.objects.get(user=organizer, confirmed=False)
    assert response.status_code == 200
    assert f'src="{reverse("accounts:second-factor-qr")}"' in response.text
    secret = b32encode(device.bin_key).decode()
    shown = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert shown in response.text


def test_qr_code_is_svg_without_style_attributes(organizer, client):
    password_step(client, organizer.email)
    client.get(SETUP)

    response = client.get(reverse("accounts:second-factor-qr"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.text.lstrip().startswith("<svg") or response.text.startswith("<?xml")
    assert "style=" not in response.text
    assert "no-store" in response["Cache-Control"]


def test_setup_with_right_code_turns_factor_on_and_shows_ten_recovery_codes_once(organizer, client):
    password_step(client, organizer.email)

    device, response = enrol(client, organizer)

    device.refresh_from_db()
    assert response.status_code == 200
    assert device.confirmed is True
    tokens = set(StaticToken.objects.filter(device__user=organizer).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(f"<code>{token}</code>" in response.text for token in tokens)
    assert client.get("/").status_code == 200
    assert "<code>" not in client.get(reverse("accounts:account")).text


def test_setup_with_wrong_code_answers_422_and_keeps_factor_off(organizer, client):
    password_step(client, organizer.email)
    client.get(SETUP)

    response = client.post(SETUP, {"code": wrong_code(TOTPDevice.objects.get(user=organizer))})

    assert response.status_code == 422
    assert "That code does not match." in response.text
    assert not TOTPDevice.objects.filter(user=organizer, confirmed=True).exists()
    assert client.get("/")["Location"] == f"{SETUP}?next=%2F"


# --- Logging in with it -----------------------------------------------------------------


def test_password_login_with_factor_asks_for_code_before_any_page(organizer_device, client):
    response = password_step(client, "organizer@example.org", next_url="/d/1/")

    assert response["Location"] == f"{VERIFY}?next=%2Fd%2F1%2F"
    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"
    assert client.get(SETUP)["Location"] == f"{VERIFY}?next=%2Faccounts%2Fsecond-factor%2Fsetup%2F"


def test_right_code_completes_login_under_a_new_session_key(organizer, organizer_device, client):
    password_step(client, organizer.email)
    key_after_password = client.session.session_key

    response = code_step(client, totp_code(organizer_device), next_url="/accounts/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    assert client.session.session_key != key_after_password
    assert logged_in_user_id(client) == str(organizer.pk)
    assert client.get("/").status_code == 200


def test_code_with_spaces_is_accepted(organizer, organizer_device, client):
    password_step(client, organizer.email)
    code = totp_code(organizer_device)

    response = code_step(client, f"{code[:3]} {code[3:]}")

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_code_is_refused_with_a_message_and_counted_as_failed_login(
    organizer, organizer_device, client
):
    password_step(client, organizer.email)

    response = code_step(client, wrong_code(organizer_device))

    assert response.status_code == 422
    assert "That code is not right, or it was used already." in response.text
    assert failures(organizer.email) == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1
    assert client.get("/")["Location"] == f"{VERIFY}?next=%2F"


def test_a_used_code_is_refused_the_second_time(organizer, organizer_device, client):
    password_step(client, organizer.email)
    code = totp_code(organizer_device)
    code_step(client, code)
    client.post(reverse("accounts:logout"))
    password_step(client, organizer.email)

    response = code_step(client, code)

    assert response.status_code == 422


def test_wrong_codes_up_to_the_limit_lock_the_account_from_that_address(
    organizer, organizer_device, client, settings
):
    password_step(client, organizer.email)

    statuses = [
        code_step(client, wrong_code(organizer_device)).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert statuses == [422] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert logged_in_user_id(client) is None
    assert password_step(client, organizer.email).status_code == 429
    assert password_step(client, organizer.email, ip="198.51.100.4").status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, ip_address=IP).exists()


def test_right_password_again_does_not_reset_the_count_of_wrong_codes(
    organizer, organizer_device, client, settings
):
    password_step(client, organizer.email)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        code_step(client, wrong_code(organizer_device))
    client.post(reverse("accounts:logout"))
    password_step(client, organizer.email)

    response = code_step(client, wrong_code(organizer_device))

    assert response.status_code == 429


def test_completed_login_clears_earlier_failures(organizer, organizer_device, client):
    password_step(client, organizer.email, password="wrong-password-guess")
    password_step(client, organizer.email)

    code_step(client, totp_code(organizer_device))

    assert failures(organizer.email) == 0


def test_recovery_code_logs_in_once(organizer, organizer_device, client):
    code = organizer_device.recovery_codes[0]
    password_step(client, organizer.email)

    first = code_step(client, code.upper())
    client.post(reverse("accounts:logout"))
    password_step(client, organizer.email)
    second = code_step(client, code)

    assert first.status_code == 302
    assert second.status_code == 422
    assert StaticToken.objects.filter(device__user=organizer).count() == 9


def test_participant_who_chose_a_factor_is_asked_for_a_code(participant, client):
    device = authenticator_for(participant)

    response = password_step(client, participant.email)

    assert response["Location"] == f"{VERIFY}?next=%2F"
    assert code_step(client, totp_code(device)).status_code == 302
    assert client.get("/").status_code == 200


def test_removing_the_device_unverifies_its_sessions(organizer, organizer_device, client):
    password_step(client, organizer.email)
    code_step(client, totp_code(organizer_device))
    organizer_device.delete()

    response = client.get("/")

    assert response["Location"] == f"{SETUP}?next=%2F"


def test_verify_page_when_nothing_is_owed_sends_on(participant, client):
    password_step(client, participant.email)

    response = client.get(VERIFY + "?next=/accounts/")

    assert response["Location"] == "/accounts/"


def test_verify_page_does_not_send_to_another_site(organizer, organizer_device, client):
    password_step(client, organizer.email)

    response = code_step(client, totp_code(organizer_device), next_url="https://evil.example/")

    assert response["Location"] == "/"


def test_htmx_request_of_pending_user_gets_a_client_redirect(organizer, organizer_device, client):
    password_step(client, organizer.email)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == VERIFY


def test_login_counts_as_fresh_authentication_only_after_the_code(
    organizer, organizer_device, client
):
    password_step(client, organizer.email)
    assert session_state.AUTHENTICATED_AT_KEY not in client.session
    sent_at = session_state.now()  # before the request: a slow one must not fail the test

    code_step(client, totp_code(organizer_device))

    assert sent_at <= client.session[session_state.AUTHENTICATED_AT_KEY] <= session_state.now()


def test_failures_count_for_the_account_whatever_the_case_of_the_address_typed(
    organizer, organizer_device, client
):
    password_step(client, "Organizer@Example.org", password="wrong-password-guess")
    password_step(client, organizer.email)

    code_step(client, wrong_code(organizer_device))

    assert failures("organizer@example.org") == 2


def test_operator_reset_removes_the_factor_and_ends_sessions(organizer, organizer_device, client):
    password_step(client, organizer.email)
    code_step(client, totp_code(organizer_device))

    call_command("second_factor_reset", "ORGANIZER@example.org", stdout=StringIO())

    assert not TOTPDevice.objects.filter(user=organizer).exists()
    assert not StaticToken.objects.filter(device__user=organizer).exists()
    assert logged_in_user_id(client) is None
    assert password_step(client, organizer.email)["Location"] == f"{SETUP}?next=%2F"
