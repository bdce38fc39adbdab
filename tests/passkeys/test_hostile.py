"""Credentials that are not what a browser sends: refused with a message, never a 500."""

import json

import pytest

from tests.passkeys.authenticator import SoftAuthenticator
from tests.passkeys.conftest import (
    ADD,
    AUTHENTICATION_OPTIONS,
    LOGIN,
    REGISTRATION_OPTIONS,
    passkey_for,
)
from tests.security.conftest import IP, password_step
from trackii.passkeys.models import Passkey

FIELDS = ("clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle")


def _credential(credential_id, value):
    return json.dumps(
        {
            "id": credential_id,
            "rawId": credential_id,
            "type": "public-key",
            "response": dict.fromkeys(FIELDS, value),
        }
    )


HOSTILE = [
    "{",
    "[]",
    "null",
    '"a string"',
    "\x00",
    "A" * 19_000,
    json.dumps({"id": 1, "rawId": [], "type": "public-key", "response": "x"}),
    _credential(SoftAuthenticator(1).credential_id_b64, "!!not base64!!"),
    _credential(SoftAuthenticator(1).credential_id_b64, "AAAA"),
    _credential("!!", "AAAA"),
]


@pytest.mark.parametrize("credential", HOSTILE, ids=range(len(HOSTILE)))
def test_add_passkey_with_hostile_credential_is_refused(signed_in, organizer, credential):
    signed_in.post(REGISTRATION_OPTIONS)

    response = signed_in.post(ADD, {"name": "Hostile", "credential": credential})

    assert response.status_code == 422
    assert Passkey.objects.filter(user=organizer).count() == 0


@pytest.mark.parametrize("credential", HOSTILE, ids=range(len(HOSTILE)))
def test_passkey_login_with_hostile_credential_is_refused(client, organizer, credential):
    passkey_for(organizer, SoftAuthenticator(1))
    password_step(client, organizer.email)
    client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP)

    response = client.post(LOGIN, {"credential": credential}, REMOTE_ADDR=IP)

    assert response.status_code == 302
    assert client.get("/").status_code == 302
