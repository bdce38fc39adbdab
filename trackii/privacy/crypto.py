"""Authenticated encryption of confidential text at rest (Fernet, AES-128-CBC + HMAC-SHA256).

Keys come from FIELD_ENCRYPTION_KEYS, a list kept apart from SECRET_KEY: the
first key encrypts, every key decrypts, so a new key is put first and the old
ones kept until `manage.py rotate_encryption_keys` has re-encrypted every row.

A value that no key decrypts raises DecryptionError: trackii never shows
garbage or an empty string in its place.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

#: Every stored ciphertext starts with this, so plain text left from before
#: encryption (or written around the ORM) is recognised instead of mis-decrypted.
PREFIX = "enc1:"


class DecryptionError(RuntimeError):
    """Stored ciphertext that none of the configured keys opens: wrong or missing key."""


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: trackii cannot read or write confidential text. "
            "Set it to one or more keys made with `python manage.py generate_encryption_key`."
        )
    try:
        return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes)."
        ) from exc


@receiver(setting_changed)
def _reset_keys(setting, **kwargs):
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def check_keys() -> None:
    """Raise ImproperlyConfigured now if the keys are missing or malformed."""
    _fernet()


def encrypt(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("a confidential field holds text that was never encrypted")
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "stored confidential text cannot be decrypted with FIELD_ENCRYPTION_KEYS "
            "(wrong key, or a key removed before rotation finished)"
        ) from exc


def rotate(stored: str) -> str:
    """Re-encrypt under the first key. Raises DecryptionError if no key opens it."""
    if not stored.startswith(PREFIX):
        raise DecryptionError("a confidential field holds text that was never encrypted")
    try:
        return PREFIX + _fernet().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise DecryptionError("stored confidential text cannot be decrypted for rotation") from None


def generate_key() -> str:
    return Fernet.generate_key().decode()


def seal(value, *, purpose: str) -> str:
    """`value` (anything JSON can hold) as an opaque string a browser may carry for a
    while: encrypted under the first key (so its holder cannot read it) and signed for
    `purpose` (so it opens only for that purpose, see unseal). For confidential data that
    must survive one round trip through a page without being stored on the server."""
    return encrypt(signing.dumps(value, salt=purpose, compress=True))


def unseal(sealed: str, *, purpose: str, max_age: int):
    """What seal() sealed for `purpose`, if it is at most `max_age` seconds old. Raises
    signing.BadSignature (signing.SignatureExpired when too old) for anything else."""
    try:
        signed = decrypt(sealed)
    except DecryptionError as exc:
        raise signing.BadSignature("not sealed by this server") from exc
    return signing.loads(signed, salt=purpose, max_age=max_age)
