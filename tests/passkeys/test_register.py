"""Adding a passkey: the credential must answer this session's challenge, once, from this
site; only users with a second factor may, after confirming it is them."""

import pytest
from django.urls import reverse

from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.conftest import ADD, REGISTRATION_OPTIONS, add_passkey, passkey_for
from trackii.accounts import session_state
from trackii.passkeys import challenges
from trackii.passkeys.models import Passkey
from trackii.privacy.models import AuditEvent


def names(user):
    return list(Passkey.objects.filter(user=user).values_list("name", flat=True))


def test_add_passkey_keeps_it_and_lists_it_on_the_account_page(signed_in, organizer):
    authenticator = SoftAuthenticator(1)

    response = add_passkey(signed_in, authenticator, name="Work laptop")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    passkey = Passkey.objects.get(user=organizer)
    assert (passkey.name, passkey.credential_id) == ("Work laptop", authenticator.credential_id_b64)
    assert passkey.created_at is not None
    assert passkey.last_used_at is None
    page = signed_in.get(reverse("accounts:account")).text
    assert "Work laptop" in page
    assert reverse("passkeys:passkey-remove", kwargs={"passkey_id": passkey.pk}) in page


def test_add_passkey_is_audited_without_its_name(signed_in, organizer):
    add_passkey(signed_in, SoftAuthenticator(1), name="Secret-named laptop")

    events = list(AuditEvent.objects.filter(action=AuditEvent.Action.PASSKEY_ADDED))

    passkey = Passkey.objects.get(user=organizer)
    assert [(e.actor, e.object_type, e.object_id) for e in events] == [
        (organizer, "passkeys.passkey", str(passkey.pk))
    ]
    assert "Secret-named" not in str(events[0].detail)


def test_registration_options_exclude_the_users_passkeys(signed_in, organizer):
    passkey_for(organizer, SoftAuthenticator(7))

    options = signed_in.post(REGISTRATION_OPTIONS).json()

    assert options["rp"]["id"] == "testserver"
    assert [c["id"] for c in options["excludeCredentials"]] == [
        SoftAuthenticator(7).credential_id_b64
    ]
    assert options["user"]["name"] == organizer.email


def test_add_passkey_answering_another_challenge_is_refused(signed_in, organizer):
    response = add_passkey(signed_in, SoftAuthenticator(1), challenge=b"not-the-challenge-0123")

    assert response.status_code == 422
    assert "The passkey could not be added." in response.text
    assert names(organizer) == []


def test_add_passkey_from_another_origin_is_refused(signed_in, organizer):
    response = add_passkey(signed_in, SoftAuthenticator(1), origin="https://evil.example")

    assert response.status_code == 422
    assert names(organizer) == []


def test_add_passkey_for_another_rp_id_is_refused(signed_in, organizer):
    response = add_passkey(signed_in, SoftAuthenticator(1), rp_id="evil.example")

    assert response.status_code == 422
    assert names(organizer) == []


def test_add_passkey_challenge_works_once(signed_in, organizer):
    authenticator = SoftAuthenticator(1)
    options = signed_in.post(REGISTRATION_OPTIONS).content
    signed_in.post(
        ADD,
        {"name": "First", "credential": authenticator.register(options, origin="http://x.test")},
    )

    response = signed_in.post(
        ADD, {"name": "Second", "credential": authenticator.register(options)}
    )

    assert response.status_code == 422
    assert "The request to add a passkey expired. Try again." in response.text
    assert names(organizer) == []


def test_add_passkey_after_the_challenge_expired_is_refused(signed_in, organizer):
    authenticator = SoftAuthenticator(1)
    options = signed_in.post(REGISTRATION_OPTIONS).content
    session = signed_in.session
    session[challenges.SESSION_KEY]["at"] -= challenges.MAX_AGE + 1
    session.save()

    response = signed_in.post(ADD, {"name": "Late", "credential": authenticator.register(options)})

    assert response.status_code == 422
    assert names(organizer) == []


def test_add_passkey_another_user_registered_is_refused(signed_in, organizer, cast):
    authenticator = SoftAuthenticator(1)
    passkey_for(cast["facilitator"], authenticator, name="Theirs")

    response = add_passkey(signed_in, authenticator, name="Mine")

    assert response.status_code == 422
    assert "That passkey is already registered." in response.text
    assert names(organizer) == []
    assert names(cast["facilitator"]) == ["Theirs"]


def test_add_passkey_without_javascript_says_why_nothing_happened(signed_in, organizer):
    signed_in.post(REGISTRATION_OPTIONS)

    response = signed_in.post(ADD, {"name": "No script", "credential": ""})

    assert response.status_code == 422
    assert "Your browser sent no passkey." in response.text
    assert names(organizer) == []


def test_add_passkey_page_loads_its_script_with_the_csp_nonce(signed_in):
    response = signed_in.get(ADD)

    nonce = response.context["csp_nonce"]
    assert response.status_code == 200
    assert f'src="/static/js/passkeys.js" nonce="{nonce}"' in response.text
    assert "onclick" not in response.text


@pytest.mark.parametrize("who", ["participant", "funder", "outsider"])
def test_add_passkey_without_a_second_factor_is_404(cast, client_for, who):
    client = client_for(cast[who])

    assert client.get(ADD).status_code == 404
    assert client.post(REGISTRATION_OPTIONS).status_code == 404


def test_registration_options_without_a_recent_proof_ask_for_it(signed_in):
    session = signed_in.session
    session[session_state.AUTHENTICATED_AT_KEY] = session_state.now() - 10 * 60
    session.save()

    response = signed_in.post(REGISTRATION_OPTIONS)

    assert response.status_code == 403
    assert "Confirm it’s you" in response.text
    assert challenges.SESSION_KEY not in signed_in.session


def test_add_passkey_page_opened_by_ip_address_says_to_open_it_by_name(signed_in):
    response = signed_in.get(ADD, HTTP_HOST="127.0.0.1")

    assert response.status_code == 200
    assert "not by an IP address" in response.text
    assert "data-passkey-register" not in response.text
