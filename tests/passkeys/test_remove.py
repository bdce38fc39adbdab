"""Removing a passkey: only one's own, after confirming it is them; the sessions that were
logged in with it end, the one removing it stays."""

from importlib import import_module

from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.conftest import passkey_for
from trackii.accounts import session_state
from trackii.accounts.services import second_factor_reset, second_factor_step, session_record
from trackii.passkeys.models import Passkey
from trackii.privacy.models import AuditEvent


def remove_url(passkey):
    return reverse("passkeys:passkey-remove", kwargs={"passkey_id": passkey.pk})


def other_session(user, device_id):
    """Another logged-in session of `user` (another browser), verified with `device_id`."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store[DEVICE_ID_SESSION_KEY] = device_id
    store.create()
    session_record(user=user, session_key=store.session_key, user_agent="Other browser")
    return store.session_key


def session_exists(key):
    return import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def test_remove_page_names_the_passkey_and_asks_to_confirm(signed_in, organizer):
    passkey = passkey_for(organizer, SoftAuthenticator(1), name="Old phone")

    response = signed_in.get(remove_url(passkey))

    assert response.status_code == 200
    assert "“Old phone” will no longer log you in." in response.text
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_remove_passkey_deletes_it_and_audits_without_its_name(signed_in, organizer):
    passkey = passkey_for(organizer, SoftAuthenticator(1), name="Old phone")
    passkey_pk = passkey.pk

    response = signed_in.post(remove_url(passkey))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    assert not Passkey.objects.filter(pk=passkey_pk).exists()
    events = list(AuditEvent.objects.filter(action=AuditEvent.Action.PASSKEY_REMOVED))
    assert [(e.actor, e.object_id) for e in events] == [(organizer, str(passkey_pk))]
    assert "Old phone" not in str(events[0].detail)
    assert "Old phone" not in signed_in.get(reverse("accounts:account")).text


def test_remove_passkey_ends_only_the_sessions_logged_in_with_it(signed_in, organizer):
    passkey = passkey_for(organizer, SoftAuthenticator(1))
    kept = passkey_for(organizer, SoftAuthenticator(2))
    with_removed = other_session(organizer, passkey.persistent_id)
    with_kept = other_session(organizer, kept.persistent_id)

    signed_in.post(remove_url(passkey))

    assert (session_exists(with_removed), session_exists(with_kept)) == (False, True)
    assert signed_in.get(reverse("home")).status_code == 200


def test_removing_the_passkey_this_session_used_keeps_this_session(signed_in, organizer):
    passkey = passkey_for(organizer, SoftAuthenticator(1))
    session = signed_in.session
    session[DEVICE_ID_SESSION_KEY] = passkey.persistent_id
    session.save()

    signed_in.post(remove_url(passkey))

    assert signed_in.get(reverse("home")).status_code == 200


def test_remove_another_users_passkey_is_404(signed_in, cast):
    theirs = passkey_for(cast["facilitator"], SoftAuthenticator(1))

    assert signed_in.get(remove_url(theirs)).status_code == 404
    assert signed_in.post(remove_url(theirs)).status_code == 404
    assert Passkey.objects.filter(pk=theirs.pk).exists()


def test_remove_passkey_without_a_recent_proof_changes_nothing(signed_in, organizer):
    passkey = passkey_for(organizer, SoftAuthenticator(1))
    session = signed_in.session
    session[session_state.AUTHENTICATED_AT_KEY] = session_state.now() - 10 * 60
    session.save()

    response = signed_in.post(remove_url(passkey))

    assert response.status_code == 403
    assert "Confirm it’s you" in response.text
    assert Passkey.objects.filter(pk=passkey.pk).exists()


def test_operator_reset_of_the_second_factor_removes_passkeys_too(organizer):
    passkey_for(organizer, SoftAuthenticator(1))

    second_factor_reset(user=organizer)

    assert Passkey.objects.filter(user=organizer).count() == 0
    assert second_factor_step(organizer) == "enrol"
