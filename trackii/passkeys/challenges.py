"""The WebAuthn challenge of a session: kept in the session, for one purpose, used once,
and only for a short while (the time the browser is told to wait for the user)."""

import time

from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from trackii.passkeys.services import TIMEOUT_MS

SESSION_KEY = "trackii_passkey_challenge"
#: Seconds a challenge stays usable after it was issued.
MAX_AGE = TIMEOUT_MS // 1000

REGISTER = "register"
AUTHENTICATE = "authenticate"


def now() -> int:
    return int(time.time())


def issue(request, *, purpose: str, challenge: bytes) -> None:
    """Remember the challenge just sent to the browser; it replaces any earlier one."""
    request.session[SESSION_KEY] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(challenge),
        "at": now(),
    }


def take(request, *, purpose: str) -> bytes | None:
    """The live challenge for `purpose`, or None. Whatever the answer, the session's
    challenge is gone afterwards: a response can be checked against it once only."""
    data = request.session.pop(SESSION_KEY, None)
    if not isinstance(data, dict) or data.get("purpose") != purpose:
        return None
    at = data.get("at")
    if not isinstance(at, int) or not 0 <= now() - at <= MAX_AGE:
        return None
    return base64url_to_bytes(data["challenge"])
