"""Helpers for tests that log in: a code an authenticator app would show, and a test
client session that has passed the second factor.

Only tests import this module.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii.accounts import services


def totp_code(device) -> str:
    """A code `device` accepts now, as the user's authenticator app would show it.

    A code is accepted once: if the current one was used (within the same 30 seconds),
    this is the next one, which the device also accepts (one step of clock drift).
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    current = totp.t()
    totp.drift += max(current, device.last_t + 1) - current
    return f"{totp.token():0{device.digits}d}"


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=services.AUTHENTICATOR_NAME, confirmed=True
        )
    return device


def verify_session(client, user):
    """Mark the session of a test client logged in with force_login as having passed the
    second factor, for users who must (organizers, facilitators) or chose to have one.

    Users who need none are left as they are. Returns the client.
    """
    if user is None or services.second_factor_step(user) is None:
        return client
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
