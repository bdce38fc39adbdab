"""Passkeys through the real views: a software authenticator answers the server's options."""

import pytest
from django.urls import reverse

from tests.passkeys.authenticator import SoftAuthenticator
from tests.security.conftest import IP
from trackii.accounts import session_state
from trackii.accounts.testing import authenticator_for, verify_session
from trackii.passkeys.models import Passkey

ADD = reverse("passkeys:passkey-add")
REGISTRATION_OPTIONS = reverse("passkeys:registration-options")
AUTHENTICATION_OPTIONS = reverse("passkeys:authentication-options")
LOGIN = reverse("passkeys:passkey-login")


@pytest.fixture
def organizer(cast):
    """An organizer with an authenticator app (passkeys are added beside one)."""
    user = cast["organizer"]
    authenticator_for(user)
    return user


@pytest.fixture
def signed_in(client, organizer):
    """The organizer's client: logged in with password and code, just re-authenticated."""
    client.force_login(organizer)
    verify_session(client, organizer)
    session = client.session
    session[session_state.AUTHENTICATED_AT_KEY] = session_state.now()
    session.save()
    return client


@pytest.fixture
def soft_authenticator():
    return SoftAuthenticator(1)


def add_passkey(client, authenticator, *, name="Work laptop", **bend):
    """Ask for registration options and answer them with `authenticator`, as the page does."""
    options = client.post(REGISTRATION_OPTIONS)
    assert options.status_code == 200
    credential = authenticator.register(options.content, **bend)
    return client.post(ADD, {"name": name, "credential": credential})


def passkey_for(user, authenticator, *, name="Laptop", sign_count=0) -> Passkey:
    """A passkey of `user`, registered earlier, that `authenticator` holds."""
    return Passkey.objects.create(
        user=user,
        name=name,
        credential_id=authenticator.credential_id_b64,
        public_key=authenticator.cose_public_key(),
        sign_count=sign_count,
    )


def passkey_step(client, authenticator, *, next_url="", **bend):
    """At the second step of a login: ask for options, sign them, post the answer."""
    options = client.post(AUTHENTICATION_OPTIONS, REMOTE_ADDR=IP)
    assert options.status_code == 200
    credential = authenticator.sign(options.content, **bend)
    return client.post(LOGIN, {"credential": credential, "next": next_url}, REMOTE_ADDR=IP)
