"""Stable pseudonyms for protected participants.

A pseudonym is derived with HMAC from a key that is not stored in the
database, so a leaked database alone does not link a pseudonym to a person,
and the same participant is shown by the same pseudonym on every page, export
and e-mail. It is derived per (namespace, id): a person taking part in two
dialogues gets two unrelated pseudonyms, so they cannot be linked across them.
"""

import hashlib
import hmac

from django.conf import settings

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without confusion


def pseudonym_for(namespace: str, ident: int | str, *, prefix: str = "Participant") -> str:
    digest = hmac.new(
        settings.PSEUDONYM_KEY.encode(),
        f"{namespace}:{ident}".encode(),
        hashlib.sha256,
    ).digest()
    code = "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:5])
    return f"{prefix} {code}"
