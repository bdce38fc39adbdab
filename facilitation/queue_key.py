"""The key that encrypts a console's offline queue in the browser (docs/facilitation.md,
"Poor connectivity: the queue")."""

import base64

from django.utils.crypto import salted_hmac

#: Separates this use of SECRET_KEY from every other HMAC made with it.
KEY_SALT = "trackii.console.queue"


def queue_key(user) -> str:
    """The AES-256 key (base64url, unpadded) under which `user`'s consoles keep their
    offline queue in `localStorage`.

    Why it is made this way:
    - Per user, not per login: entries queued before a login ended (30 minutes idle, a
      facilitator offline for an hour) must still be readable after the next login, so
      the key cannot change with the session. It is the same on every console of the user.
    - Derived from SECRET_KEY with an HMAC, so nothing new is stored. Only the console page
      hands it out, after a full login (password and second factor for the team), in a
      `no-store` page; someone holding the laptop but not the login cannot get it.
    - Changing SECRET_KEY changes every key: a queue kept under the old one can no longer
      be read; the console sets it aside in the browser (not deleted) and says so.
    """
    digest = salted_hmac(KEY_SALT, str(user.pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
