"""Writes on accounts: profile and e-mail, second factor, sessions, disabling.

Each takes the user it acts on (their own account: nobody changes another's second
factor here) and keyword-only arguments; none takes a request. What depends on the
request (the session being used, re-authentication) is in trackii.accounts.session_state.

Every change to how an account logs in is audited (password, e-mail, second factor,
recovery code used, sessions ended, account disabled). The events name the account by
its id only: never the address, a code or a secret (the `ip` argument is the address the
request came from, for the event).
"""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii.accounts.models import UserSession
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent

#: How many single-use recovery codes a user gets at a time.
RECOVERY_CODE_COUNT = 10

#: The name of every authenticator-app device (a user has at most one confirmed).
AUTHENTICATOR_NAME = "Authenticator app"


# --- Who needs what -----------------------------------------------------------------


def _annotated(user):
    """The user with the annotations of UserQuerySet.with_second_factor_state.

    Users loaded for a request already carry them (trackii.accounts.backends); any
    other user costs one query here.
    """
    if hasattr(user, "totp_device_id") and hasattr(user, "is_team_member"):
        return user
    return get_user_model().objects.with_second_factor_state().get(pk=user.pk)


def second_factor_required(user) -> bool:
    """Organizers and facilitators (of any dialogue) must use a second factor."""
    return bool(_annotated(user).is_team_member)


def has_second_factor(user) -> bool:
    """Whether the user has a confirmed authenticator app (then every login asks for it)."""
    return _annotated(user).totp_device_id is not None


def second_factor_step(user) -> str | None:
    """What stands between a password-authenticated user and the site.

    "verify": the user has a second factor and must enter a code; "enrol": the user
    must use a second factor (team role) and has none yet; None: nothing. Whether the
    current session is already verified is the caller's business (user.is_verified()).
    """
    user = _annotated(user)
    if user.totp_device_id is not None:
        return "verify"
    if user.is_team_member:
        return "enrol"
    return None


# --- Checking a code ----------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking a code: the device that accepted it, or why none did."""

    device: object | None = None
    throttled: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def normalize_code(code: str) -> str:
    """Codes are typed with spaces or dashes now and then, and recovery codes in capitals."""
    return "".join(ch for ch in (code or "") if ch not in " -\t").lower()


def second_factor_check(*, user, code: str, ip: str | None = None) -> CodeCheck:
    """Check a code from the user's authenticator app (6 digits) or a recovery code.

    An app code is accepted once (a used code, or an older one, is refused) and a
    recovery code is used up (and audited: a code used that the user did not use is
    how they learn it was stolen). After a wrong code django-otp refuses further tries on
    that device for a few seconds, doubling each time (throttled=True): those refusals
    are failures too for the caller's lockout count.
    """
    code = normalize_code(code)
    if not code:
        return CodeCheck()
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("-pk")
            .first()
        )
        if device is None:
            return CodeCheck()
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(throttled=True)
        if device.verify_token(code):
            if model is StaticDevice:
                _audit(
                    AuditEvent.Action.RECOVERY_CODE_USED,
                    user=user,
                    ip=ip,
                    detail={"codes_left": recovery_codes_left(user=user)},
                )
            return CodeCheck(device=device)
    return CodeCheck()


# --- Enrolment ----------------------------------------------------------------------


def authenticator_pending(*, user) -> TOTPDevice:
    """The authenticator app being set up: an unconfirmed device with a fresh secret.

    The same one is shown again on reload, so a QR code already scanned stays valid
    until it is confirmed. A confirmed device (if any) keeps working meanwhile.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def authenticator_confirm(
    *, user, code: str, ip: str | None = None
) -> tuple[TOTPDevice, list[str]] | None:
    """Turn on the pending authenticator app if `code` comes from it.

    The device replaces any earlier one, and a new set of recovery codes replaces the
    old set. Returns the device and the codes (to be shown once, never stored
    elsewhere), or None if the code is wrong.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(normalize_code(code)):
            return None
        replaced, _per_model = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        _audit(
            AuditEvent.Action.SECOND_FACTOR_ENABLED,
            user=user,
            ip=ip,
            detail={"replaced_earlier": bool(replaced)},
        )
    return device, codes


def recovery_codes_regenerate(*, user, ip: str | None = None) -> list[str]:
    """A new set of recovery codes; the old ones stop working. Only with a second factor.

    Audited as a reset of the second factor: new codes are as good as the factor itself.
    """
    if not has_second_factor(user):
        raise PermissionDenied
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _audit(
            AuditEvent.Action.SECOND_FACTOR_RESET,
            user=user,
            ip=ip,
            detail={"change": "new_recovery_codes"},
        )
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_remove(*, user, ip: str | None = None) -> None:
    """Turn the second factor off. Refused to organizers and facilitators, who must keep it."""
    if second_factor_required(user):
        raise PermissionDenied
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _audit(
            AuditEvent.Action.SECOND_FACTOR_RESET, user=user, ip=ip, detail={"change": "turned_off"}
        )


def second_factor_reset(*, user) -> None:
    """An operator's reset for a user who lost their phone and recovery codes (the
    second_factor_reset command): the factor goes, and so does every session.

    Audited with no actor: it is run from the server's command line, not by a user.
    """
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    ended = sessions_end(user=user)
    audit_record(
        action=AuditEvent.Action.SECOND_FACTOR_RESET,
        obj=user,
        detail={"change": "removed_by_operator", "sessions_ended": ended},
    )


# --- Profile ------------------------------------------------------------------------


def user_update_profile(*, user, display_name: str):
    user.display_name = display_name.strip()
    user.full_clean(validate_unique=False)
    user.save(update_fields=["display_name"])
    return user


def user_change_email(*, user, email: str, ip: str | None = None):
    """Change the address the user logs in with. The caller has re-authenticated them.

    Audited without either address (an address is personal data the log must not hold).
    """
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    unchanged = email == user.email
    if get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("Another account already uses this address.")})
    user.email = email
    user.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:  # taken meanwhile by another account
        raise ValidationError({"email": _("Another account already uses this address.")}) from None
    if not unchanged:
        _audit(AuditEvent.Action.EMAIL_CHANGED, user=user, ip=ip)
    return user


def user_password_changed(
    *, user, keep_session_key: str | None = None, ip: str | None = None, via: str = "account"
) -> int:
    """After a new password is saved: every other session of the user ends, and the change
    is audited (`via`: "account" for the account page, "reset" for a reset link).

    `keep_session_key` is the session that set it, if the user stays logged in there.
    Returns how many sessions ended.
    """
    ended = sessions_end(user=user, keep_session_key=keep_session_key)
    _audit(
        AuditEvent.Action.PASSWORD_CHANGED,
        user=user,
        ip=ip,
        detail={"via": via, "sessions_ended": ended},
    )
    return ended


# --- Sessions -----------------------------------------------------------------------


def session_record(*, user, session_key: str, user_agent: str = "") -> UserSession:
    """Remember a new logged-in session of `user` (called on every login)."""
    session, _created = UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "last_seen": timezone.now(),
            "user_agent": (user_agent or "")[:200],
        },
    )
    return session


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def session_rekey(*, old_key: str | None, new_key: str) -> None:
    """The session kept its content under a new key (after a second-factor check)."""
    if old_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def session_touch(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).update(last_seen=timezone.now())


def sessions_active(*, user):
    """The user's sessions that are still alive in the session store, latest first."""
    from django.contrib.sessions.models import Session

    rows = list(UserSession.objects.filter(user=user))
    if settings.SESSION_ENGINE in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
        "trackii.lib.sessions",
    ):
        alive = set(
            Session.objects.filter(
                session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
            ).values_list("session_key", flat=True)
        )
        rows = [r for r in rows if r.session_key in alive]
    return rows


def sessions_end(*, user, keep_session_key: str | None = None) -> int:
    """End every session of `user` except the one with `keep_session_key`; return how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = UserSession.objects.filter(user=user)
    if keep_session_key:
        rows = rows.exclude(session_key=keep_session_key)
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def sessions_end_others(*, user, keep_session_key: str | None, ip: str | None = None) -> int:
    """ "Log out my other sessions": every session of `user` but this one ends; audited."""
    ended = sessions_end(user=user, keep_session_key=keep_session_key)
    _audit(AuditEvent.Action.SESSIONS_ENDED, user=user, ip=ip, detail={"count": ended})
    return ended


def user_disable(*, actor, user):
    """Disable an account: it can no longer log in, and all its sessions end now.

    Staff only (there is no staff page yet: this is for the shell and for commands).
    Audited with the staff member as actor and the account as object.
    """
    if not (actor.is_staff or actor.is_superuser):
        raise PermissionDenied
    user.is_active = False
    with transaction.atomic():
        user.save(update_fields=["is_active"])  # User.save ends the sessions
        audit_record(action=AuditEvent.Action.USER_DISABLED, actor=actor, obj=user)
    return user


def _audit(action: str, *, user, ip: str | None, detail: dict | None = None) -> None:
    """An account event the user did to their own account: they are actor and object."""
    audit_record(action=action, actor=user, obj=user, ip=ip, detail=detail)
