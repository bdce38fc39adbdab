"""Passkeys (WebAuthn credentials) as a second factor, in place of an authenticator app's code.

A passkey is a django-otp Device, so a session verified with one is verified like any other
(request.user.is_verified()), and django-otp's own listings of a user's devices include it.
It cannot be used with a typed code: verify_token() refuses every token; only a signed WebAuthn
assertion checked by trackii.passkeys.services verifies a session with it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, DeviceManager, TimestampMixin


class PasskeyQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own passkeys, oldest first. Nobody sees or uses another user's passkeys
        (not even staff, here): an anonymous user has none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user, confirmed=True).order_by("created_at", "pk")


#: django-otp's manager (devices_for_user, which django_otp.devices_for_user calls), with ours.
PasskeyManager = DeviceManager.from_queryset(PasskeyQuerySet)


class Passkey(TimestampMixin, Device):
    """One WebAuthn credential of a user: the public key that checks its signatures.

    `name` (from Device) is what the user called it ("Work laptop"); `created_at` and
    `last_used_at` come from django-otp's TimestampMixin. `sign_count` is the authenticator's
    signature counter at the last use: a later use must report more (or both stay 0, as
    synced passkeys do), or the assertion is refused as a possible clone.
    """

    #: The credential id, base64url without padding (at most 1023 bytes, so 1364 characters).
    credential_id = models.CharField(_("credential id"), max_length=1400, unique=True)
    public_key = models.BinaryField(_("public key (COSE)"))
    sign_count = models.PositiveBigIntegerField(_("signature counter"), default=0)

    objects = PasskeyManager()

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")

    def __str__(self):
        return f"Passkey #{self.pk} of user #{self.user_id}"

    def verify_token(self, token):
        """A passkey has no code: no typed token ever verifies it."""
        return False
