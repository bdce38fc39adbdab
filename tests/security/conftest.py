"""Logging in step by step through the real views, from one address."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from tests.factories import PASSWORD
from trackii.accounts import services
from trackii.accounts.testing import authenticator_for

IP = "203.0.113.7"


def password_step(client, email, password=PASSWORD, *, ip=IP, next_url=None):
    url = reverse("accounts:login")
    if next_url:
        url += f"?next={next_url}"
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=ip)


def code_step(client, code, *, ip=IP, next_url=""):
    return client.post(
        reverse("accounts:second-factor-verify"),
        {"code": code, "next": next_url},
        REMOTE_ADDR=ip,
    )


def wrong_code(device) -> str:
    """Six digits that `device` does not accept now (none of the codes around this time)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    near = set()
    for shift in range(-3, 4):
        totp.drift = device.drift + shift
        near.add(f"{totp.token():06d}")
    return next(c for c in ("000000", "111111", "222222", "333333", "444444") if c not in near)


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def organizer(cast):
    return cast["organizer"]


@pytest.fixture
def participant(cast):
    return cast["participant"]


@pytest.fixture
def organizer_device(organizer):
    """The organizer's authenticator app, set up, with recovery codes."""
    device = authenticator_for(organizer)
    device.recovery_codes = services.recovery_codes_regenerate(user=organizer)
    return device
