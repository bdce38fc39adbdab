"""Secret tokens of private links: made here, stored only as their hash."""

import hashlib
import secrets


def new_token() -> str:
    """A fresh URL-safe token with 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What trackii stores of a link's token (SHA-256, hex); the raw token is in the link alone."""
    return hashlib.sha256((token or "").encode()).hexdigest()
