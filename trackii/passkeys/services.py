"""Passkeys: registering one, logging in with one. Removing one also ends the sessions
verified with it, so it is an account matter: trackii.accounts.services.passkey_remove.

This app is a kind of second factor, like django_otp's TOTP devices: trackii.accounts uses it,
it imports nothing of trackii.accounts (pyproject.toml, [tool.importlinter]).

WebAuthn is checked by py_webauthn (the `webauthn` package). What the request decides (the
relying party ID and the origin, the challenge kept in the session) is passed in by the views;
no function here takes a request.

Audited: a passkey added or removed (PASSKEY_ADDED / PASSKEY_REMOVED), naming the account and
the passkey by id only, never the name the user gave it. A login with a passkey is an ordinary
login (the LOGIN event of the password step); a refused one is a failed login, counted by the
caller toward the lockout.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_registration_credential_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from trackii.passkeys.models import Passkey
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent

logger = logging.getLogger(__name__)

#: What a credential that is not what a browser sends raises on the way through py_webauthn
#: (base64 and CBOR errors are ValueErrors; a field of the wrong type, TypeError or KeyError).
MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError)

#: What browsers show as the site a passkey is for.
RP_NAME = "trackii"
#: How long the browser waits for the user (milliseconds); the challenge lives as long.
TIMEOUT_MS = 180_000


def registration_options(*, user, rp_id: str) -> tuple[str, bytes]:
    """Options for navigator.credentials.create(), as JSON, and their challenge.

    The user's passkeys are excluded, so one authenticator is not registered twice. The user
    handle is the account's id (no name or address); the name shown by the authenticator is
    the e-mail address the user logs in with.
    """
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=str(user.pk).encode(),
        user_name=user.email,
        user_display_name=user.email,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(user),
    )
    return options_to_json(options), options.challenge


def passkey_register(
    *,
    user,
    name: str,
    credential: str,
    challenge: bytes | None,
    rp_id: str,
    origin: str,
    ip: str | None = None,
) -> Passkey:
    """Check a new credential against the challenge this session was given and keep it.

    Raises ValidationError (with a message for the user) if there was no live challenge or
    the credential does not verify (another challenge, origin or RP ID; a credential already
    registered, to this user or another).
    """
    if challenge is None:
        raise ValidationError(_("The request to add a passkey expired. Try again."))
    try:
        verified = verify_registration_response(
            credential=parse_registration_credential_json(credential),
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except MALFORMED as e:
        # The reason is py_webauthn's own text (no user data): useful when a deployment's
        # RP ID or origin is wrong.
        logger.info("passkey registration refused: %s", type(e).__name__)
        raise ValidationError(_("The passkey could not be added. Try again.")) from None
    passkey = Passkey(
        user=user,
        name=name.strip(),
        confirmed=True,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    passkey.full_clean(exclude=["credential_id"])
    try:
        with transaction.atomic():
            passkey.save()
            audit_record(action=AuditEvent.Action.PASSKEY_ADDED, actor=user, obj=passkey, ip=ip)
    except IntegrityError:  # that credential is registered already
        raise ValidationError(_("That passkey is already registered.")) from None
    return passkey


def authentication_options(*, user, rp_id: str) -> tuple[str, bytes]:
    """Options for navigator.credentials.get(): only this user's passkeys are allowed."""
    options = generate_authentication_options(
        rp_id=rp_id,
        timeout=TIMEOUT_MS,
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options), options.challenge


def passkey_authenticate(
    *, user, credential: str, challenge: bytes | None, rp_id: str, origin: str
) -> Passkey | None:
    """The user's passkey that signed `challenge`, or None if it was not one of theirs or
    any check failed (no live challenge, another challenge, origin or RP ID, a bad signature,
    a signature counter that did not go up).

    On success the passkey's counter and last-used time are updated, under a row lock so
    that two concurrent uses cannot both pass with the same counter.
    """
    if challenge is None:
        return None
    try:
        parsed = parse_authentication_credential_json(credential)
    except MALFORMED:
        return None
    with transaction.atomic():
        passkey = (
            Passkey.objects.for_user(user)
            .select_for_update()
            .filter(credential_id=bytes_to_base64url(parsed.raw_id))
            .first()
        )
        if passkey is None:  # unknown, or someone else's: the same answer
            return None
        try:
            verified = verify_authentication_response(
                credential=parsed,
                expected_challenge=challenge,
                expected_rp_id=rp_id,
                expected_origin=origin,
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
        except MALFORMED as e:
            logger.info("passkey assertion refused: %s", type(e).__name__)
            return None
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def _descriptors(user) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(credential_id))
        for credential_id in Passkey.objects.for_user(user).values_list("credential_id", flat=True)
    ]
