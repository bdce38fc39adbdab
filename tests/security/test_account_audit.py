"""Every change to how an account logs in leaves an audit event, and no event holds an
address, a code, a password or a token: the account is named by its id."""

import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from facilitation import entries
from tests.factories import PASSWORD, SessionFactory, UserFactory
from tests.security.conftest import IP, code_step, password_step
from trackii.accounts import services
from trackii.accounts.testing import totp_code
from trackii.privacy.models import AuditEvent

A = AuditEvent.Action
NEW_PASSWORD = "a-quite-new-passphrase-2026"


def confirm(client, url, code=None):
    """Re-authenticate on `url` (the password, and a code for users with a second factor)."""
    data = {"reauthenticate": "1", "password": PASSWORD}
    if code is not None:
        data["code"] = code
    return client.post(url, data, REMOTE_ADDR=IP)


def events(action):
    return list(
        AuditEvent.objects.filter(action=action).values_list(
            "actor_id", "object_type", "object_id", "ip_address", "detail"
        )
    )


def assert_no_secret(*secrets):
    """No event, whatever its action, holds any of `secrets` in any column."""
    rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert [s for s in secrets if s and s in rows] == []


def me(user, detail):
    return (user.pk, "accounts.user", str(user.pk), IP, detail)


def test_password_change_is_audited_with_the_sessions_it_ended(cast, client_for):
    participant = cast["participant"]
    other = Client()
    other.force_login(participant)
    client = client_for(participant)
    url = reverse("accounts:password_change")
    confirm(client, url)

    response = client.post(
        url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, REMOTE_ADDR=IP
    )

    assert response.status_code == 302
    assert events(A.PASSWORD_CHANGED) == [me(participant, {"via": "account", "sessions_ended": 1})]
    assert_no_secret(NEW_PASSWORD, PASSWORD, participant.email)


def test_password_reset_by_link_is_audited_as_a_reset(cast, client):
    participant = cast["participant"]
    client.post(reverse("accounts:password_reset"), {"email": participant.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    path = link[link.index("/accounts/") :].strip()
    form_url = client.get(path)["Location"]

    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, REMOTE_ADDR=IP
    )

    assert response.status_code == 302
    assert events(A.PASSWORD_CHANGED) == [me(participant, {"via": "reset", "sessions_ended": 0})]
    assert_no_secret(NEW_PASSWORD, participant.email, path.split("/")[-2])


def test_email_change_is_audited_when_asked_and_when_confirmed_without_either_address(
    cast, client_for, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    participant = cast["participant"]
    old_email = participant.email
    client = client_for(participant)
    url = reverse("accounts:email-change")
    confirm(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "New.Address@example.net"}, REMOTE_ADDR=IP)
    [path] = re.findall(r"http://testserver(/accounts/email/confirm/[^/\s]+/)", mail.outbox[0].body)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, REMOTE_ADDR=IP)

    assert response.status_code == 302
    assert events(A.EMAIL_CHANGE_REQUESTED) == [me(participant, {})]
    assert events(A.EMAIL_CHANGED) == [me(participant, {})]
    assert_no_secret(old_email, "new.address@example.net", "New.Address", path.split("/")[-2])


def test_email_change_to_the_same_address_is_refused_and_not_audited(cast):
    participant = cast["participant"]

    with pytest.raises(ValidationError):
        services.user_email_change_request(user=participant, email=participant.email.upper(), ip=IP)

    assert events(A.EMAIL_CHANGE_REQUESTED) == []
    assert events(A.EMAIL_CHANGED) == []


def test_second_factor_turned_on_is_audited_without_the_secret_or_codes(cast, client):
    organizer = cast["organizer"]
    password_step(client, organizer.email)
    setup = reverse("accounts:second-factor-setup")
    client.get(setup)
    device = TOTPDevice.objects.get(user=organizer, confirmed=False)
    code = totp_code(device)

    response = client.post(setup, {"code": code}, REMOTE_ADDR=IP)

    assert response.status_code == 200
    assert events(A.SECOND_FACTOR_ENABLED) == [me(organizer, {"replaced_earlier": False})]
    shown = [c.split("</code>")[0] for c in response.text.split("<code>")[1:]]
    assert len(shown) == 10
    assert_no_secret(code, device.key, *shown)


def test_replacing_the_authenticator_app_is_audited_as_a_replacement(
    organizer, organizer_device, client_for
):
    client = client_for(organizer)
    setup = reverse("accounts:second-factor-setup")
    confirm(client, setup, code=totp_code(organizer_device))
    client.get(setup)
    new = TOTPDevice.objects.get(user=organizer, confirmed=False)

    client.post(setup, {"code": totp_code(new)}, REMOTE_ADDR=IP)

    assert events(A.SECOND_FACTOR_ENABLED) == [me(organizer, {"replaced_earlier": True})]


def test_recovery_code_used_at_login_is_audited_with_the_codes_left(
    organizer, organizer_device, client
):
    code = organizer_device.recovery_codes[0]
    password_step(client, organizer.email)

    response = code_step(client, code)

    assert response.status_code == 302
    assert events(A.RECOVERY_CODE_USED) == [me(organizer, {"codes_left": 9})]
    assert_no_secret(code)


def test_app_code_at_login_is_not_a_recovery_code_event(organizer, organizer_device, client):
    password_step(client, organizer.email)

    code_step(client, totp_code(organizer_device))

    assert events(A.RECOVERY_CODE_USED) == []


def test_recovery_code_used_to_confirm_it_is_you_is_audited(
    organizer, organizer_device, client_for
):
    client = client_for(organizer)
    url = reverse("accounts:password_change")

    confirm(client, url, code=organizer_device.recovery_codes[3])

    assert events(A.RECOVERY_CODE_USED) == [me(organizer, {"codes_left": 9})]


def test_new_recovery_codes_are_audited_as_a_second_factor_reset(
    organizer, organizer_device, client_for
):
    client = client_for(organizer)
    url = reverse("accounts:recovery-codes")
    confirm(client, url, code=totp_code(organizer_device))

    response = client.post(url, REMOTE_ADDR=IP)

    assert response.status_code == 200
    assert events(A.SECOND_FACTOR_RESET) == [
        me(organizer, {"change": "new_recovery_codes"}),
        # the fixture's own set, made through the service with no request
        (organizer.pk, "accounts.user", str(organizer.pk), None, {"change": "new_recovery_codes"}),
    ]


def test_turning_the_second_factor_off_is_audited(participant, client_for):
    device = TOTPDevice.objects.create(user=participant, name="app", confirmed=True)
    client = client_for(participant)
    url = reverse("accounts:second-factor-remove")
    confirm(client, url, code=totp_code(device))

    response = client.post(url, REMOTE_ADDR=IP)

    assert response.status_code == 302
    assert events(A.SECOND_FACTOR_RESET) == [me(participant, {"change": "turned_off"})]


def test_operator_reset_is_audited_with_no_actor(organizer, organizer_device, client_for):
    client_for(organizer)

    call_command("second_factor_reset", organizer.email, stdout=StringIO())

    assert len(events(A.SECOND_FACTOR_RESET)) == 2  # the fixture's new codes, then this
    assert events(A.SECOND_FACTOR_RESET)[0] == (
        None,
        "accounts.user",
        str(organizer.pk),
        None,
        {"change": "removed_by_operator", "sessions_ended": 1},
    )


def test_log_out_other_sessions_is_audited_with_the_count(cast, client_for):
    participant = cast["participant"]
    for _ in range(2):
        Client().force_login(participant)
    client = client_for(participant)

    client.post(reverse("accounts:sessions-end-others"), REMOTE_ADDR=IP)

    assert events(A.SESSIONS_ENDED) == [me(participant, {"count": 2})]


def test_disabling_a_user_is_audited_with_staff_as_actor(cast):
    staff = UserFactory(is_staff=True)
    participant = cast["participant"]

    services.user_disable(actor=staff, user=participant)

    assert events(A.USER_DISABLED) == [(staff.pk, "accounts.user", str(participant.pk), None, {})]


def test_refused_disable_is_not_audited(cast):
    with pytest.raises(PermissionDenied):
        services.user_disable(actor=cast["organizer"], user=cast["participant"])

    assert events(A.USER_DISABLED) == []


def test_reading_link_creation_is_audited_in_its_dialogue_without_the_token(cast):
    session = SessionFactory(round__dialogue=cast.dialogue)
    session.facilitators.add(cast["facilitator"])

    link, token = entries.reading_link_create(actor=cast["facilitator"], session=session, hours=2)

    assert list(
        AuditEvent.objects.filter(action=A.READING_LINK_CREATED).values_list(
            "actor_id", "dialogue_id", "object_type", "object_id", "detail"
        )
    ) == [
        (
            cast["facilitator"].pk,
            cast.dialogue.pk,
            "facilitation.readinglink",
            str(link.pk),
            {"session_id": session.pk, "hours": 2},
        )
    ]
    assert_no_secret(token, link.token_hash)
