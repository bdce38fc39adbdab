"""Writes on accounts: profile and e-mail, second factor, sessions, disabling.

Each takes the user it acts on (their own account: nobody changes another's second
factor here) and keyword-only arguments; none takes a request. What depends on the
request (the session being used, re-authentication) is in trackii.accounts.session_state.

Every change to how an account logs in is audited (password, e-mail, second factor,
recovery code used, sessions ended, account disabled). The events name the account by
its id only: never the address, a code or a secret (the `ip` argument is the address the
request came from, for the event).
"""

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, device_classes
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii.accounts.models import (
    EmailChangeNotice,
    ReminderKind,
    ReminderOptOut,
    UserSession,
)
from trackii.lib.tokens import hash_token
from trackii.passkeys.models import Passkey
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent

logger = logging.getLogger(__name__)

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
    if hasattr(user, "passkey_device_id") and hasattr(user, "is_team_member"):
        return user
    return get_user_model().objects.with_second_factor_state().get(pk=user.pk)


def second_factor_required(user) -> bool:
    """Organizers and facilitators (of any dialogue), and administrators of an organization
    (who manage its members' accounts), must use a second factor."""
    return bool(_annotated(user).is_team_member)


def has_second_factor(user) -> bool:
    """Whether the user has a confirmed authenticator app or a passkey (then every login asks
    for one of them). Passkeys are added only beside an app (trackii.passkeys), so in practice
    the app is there whenever a passkey is."""
    user = _annotated(user)
    return user.totp_device_id is not None or user.passkey_device_id is not None


def has_passkey(user) -> bool:
    """Whether the user may log in with a passkey instead of a code."""
    return _annotated(user).passkey_device_id is not None


def second_factor_step(user) -> str | None:
    """What stands between a password-authenticated user and the site.

    "verify": the user has a second factor and must enter a code (or use a passkey);
    "enrol": the user must use a second factor (team role) and has none yet; None: nothing.
    Whether the current session is already verified is the caller's business
    (user.is_verified()).
    """
    if has_second_factor(user):
        return "verify"
    user = _annotated(user)
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
        _devices_delete(user)
        _audit(
            AuditEvent.Action.SECOND_FACTOR_RESET, user=user, ip=ip, detail={"change": "turned_off"}
        )


def _devices_delete(user) -> None:
    """Every second-factor device of the user: authenticator apps, recovery codes, passkeys."""
    for model in device_classes():
        model.objects.filter(user=user).delete()


def second_factor_reset(*, user) -> None:
    """An operator's reset for a user who lost their phone and recovery codes (the
    second_factor_reset command): the factor goes, and so does every session.

    Audited with no actor: it is run from the server's command line, not by a user.
    """
    with transaction.atomic():
        _devices_delete(user)
    ended = sessions_end(user=user)
    audit_record(
        action=AuditEvent.Action.SECOND_FACTOR_RESET,
        obj=user,
        detail={"change": "removed_by_operator", "sessions_ended": ended},
    )


# --- Profile ------------------------------------------------------------------------


def user_update_profile(*, user, display_name: str, language: str | None = None):
    """The user's display name and, when given, their language ("" follows the browser)."""
    user.display_name = display_name.strip()
    fields = ["display_name"]
    if language is not None:
        user.language = language
        fields.append("language")
    user.full_clean(validate_unique=False)
    user.save(update_fields=fields)
    return user


def reminder_kinds_wanted(user) -> set[str]:
    """The kinds of reminder `user` gets in the daily e-mail: all but those opted out of."""
    off = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    return set(ReminderKind.values) - off


@transaction.atomic
def reminder_kinds_set(*, user, wanted) -> set[str]:
    """Keep `wanted` kinds of reminder for `user` and opt out of the others."""
    wanted = set(wanted) & set(ReminderKind.values)
    ReminderOptOut.objects.filter(user=user, kind__in=wanted).delete()
    have = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    ReminderOptOut.objects.bulk_create(
        ReminderOptOut(user=user, kind=kind) for kind in set(ReminderKind.values) - wanted - have
    )
    return wanted


# --- Changing the login address -----------------------------------------------------
# A new address is only kept as pending until a link e-mailed to it is opened by the same
# user, logged in, and confirmed with a POST: a hijacked session or a typo cannot move the
# account to an address its owner does not read. The old address is told afterwards.

#: The fields that hold a change of address waiting for confirmation.
PENDING_EMAIL_FIELDS = ["pending_email", "pending_email_token_hash", "pending_email_sent_at"]


def _normalize_email(email: str) -> str:
    return get_user_model().objects.normalize_email((email or "").strip()).lower()


def _email_taken(email: str, *, user) -> bool:
    """Whether another account logs in with `email`."""
    return get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


def _clear_pending(user) -> None:
    user.pending_email = ""
    user.pending_email_token_hash = ""
    user.pending_email_sent_at = None


def user_email_change_request(*, user, email: str, ip: str | None = None):
    """Ask to log in with `email` from now on. The caller has re-authenticated the user.

    The login address does not change here: `email` is kept as pending and a Celery task
    e-mails it a single-use link (email_change_deliver). Asking again replaces the pending
    address, and the link sent for the earlier one stops working at once. Audited without
    either address (an address is personal data the log must not hold).
    """
    email = _normalize_email(email)
    if not email:
        raise ValidationError({"email": _("Enter the new address.")})
    try:
        user._meta.get_field("pending_email").clean(email, user)
    except ValidationError as e:
        raise ValidationError({"email": e.messages}) from None
    if email == user.email:
        raise ValidationError({"email": _("You log in with this address already.")})
    if _email_taken(email, user=user):
        raise ValidationError({"email": _("Another account already uses this address.")})
    _clear_pending(user)
    user.pending_email = email
    with transaction.atomic():
        user.save(update_fields=PENDING_EMAIL_FIELDS)
        _audit(AuditEvent.Action.EMAIL_CHANGE_REQUESTED, user=user, ip=ip)
        _enqueue(_tasks().email_change_send, user.pk)
    return user


def user_email_change_resend(*, user) -> bool:
    """Send the link for the pending address again: a new link, the earlier one stops working
    once it is sent. False if no change is waiting."""
    if not user.pending_email:
        return False
    with transaction.atomic():
        _enqueue(_tasks().email_change_send, user.pk)
    return True


def user_email_change_cancel(*, user) -> bool:
    """Drop the pending address; its link stops working. False if no change was waiting."""
    if not user.pending_email:
        return False
    _clear_pending(user)
    user.save(update_fields=PENDING_EMAIL_FIELDS)
    return True


def email_change_link_expires_at(user):
    """When the link sent for the user's pending address stops working (None: not sent yet)."""
    if user.pending_email_sent_at is None:
        return None
    return user.pending_email_sent_at + dt.timedelta(seconds=settings.EMAIL_CHANGE_TIMEOUT)


def _link_opens(user, token: str) -> bool:
    """Whether `token` is the live link of `user`'s pending change: the newest one sent,
    not expired, not used."""
    expires_at = email_change_link_expires_at(user)
    return bool(
        token
        and len(token) <= 128
        and user.pending_email
        and user.pending_email_token_hash
        and expires_at is not None
        and timezone.now() < expires_at
        and constant_time_compare(hash_token(token), user.pending_email_token_hash)
    )


@dataclass(frozen=True)
class PendingEmail:
    """A change of address a link opens: the new address, and whether another account
    took it since it was asked for (then it cannot be confirmed)."""

    email: str
    taken: bool


def email_change_for_link(*, user, token: str) -> PendingEmail | None:
    """The change of address that `token` confirms for `user`, or None.

    Only `user`'s own pending change is compared: a link made for someone else is None,
    exactly like a wrong, expired or used one, so the caller answers all of them with the
    same 404. Reads only (`user` as loaded for the request).
    """
    if not getattr(user, "is_authenticated", False) or not _link_opens(user, token):
        return None
    return PendingEmail(email=user.pending_email, taken=_email_taken(user.pending_email, user=user))


def user_email_change_confirm(*, user, token: str, ip: str | None = None):
    """Make the pending address the login address, through its link (POST only).

    PermissionDenied if `token` is not the live link of `user`'s own pending change. If
    another account took the address meanwhile, the change is dropped (its link stops
    working), the login address stays, and ValidationError says so. On success the link
    is used up, the change is audited, and a Celery task tells the old address
    (email_change_notice_deliver).
    """
    taken = False
    with transaction.atomic():
        row = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if row is None or not _link_opens(row, token):
            raise PermissionDenied
        old_email, new_email = row.email, row.pending_email
        _clear_pending(row)
        if _email_taken(new_email, user=row):
            taken = True
        else:
            row.email = new_email
            try:
                with transaction.atomic():
                    row.save(update_fields=["email", *PENDING_EMAIL_FIELDS])
            except IntegrityError:  # taken by another account a moment ago
                taken = True
                row.email = old_email
        if taken:
            row.save(update_fields=PENDING_EMAIL_FIELDS)
        else:
            _audit(AuditEvent.Action.EMAIL_CHANGED, user=row, ip=ip)
            notice = EmailChangeNotice.objects.create(user=row, old_email=old_email)
            _enqueue(_tasks().email_change_notice_send, notice.pk)
    user.email = row.email
    _clear_pending(user)
    if taken:
        raise ValidationError(
            _(
                "Another account now uses %(email)s, so it cannot become your login address. "
                "Nothing was changed: you still log in with %(current)s."
            )
            % {"email": new_email, "current": old_email}
        )
    return user


def _tasks():
    from trackii.accounts import tasks  # tasks import this module

    return tasks


def _enqueue(task, pk: int) -> None:
    """Run `task` with `pk` once the transaction has committed, through the outbox: the
    broker never carries a token or an address, and a broker outage delays the e-mail
    instead of failing the page."""
    from trackii.outbox.services import outbox_enqueue

    outbox_enqueue(task, pk)


def email_change_deliver(*, user_id: int) -> str:
    """Make a fresh token for the user's pending address and e-mail its link to that
    address. Run by the Celery task (email_change_send).

    Returns what happened ("sent", "missing", "none-pending"), never a secret. The new
    hash is stored in the same transaction as the e-mail is sent: if sending fails, the
    transaction rolls back and the previous link keeps working.
    """
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().filter(pk=user_id).first()
        if user is None:
            logger.info("e-mail change of user %s: link not sent, no such user", user_id)
            return "missing"
        if not user.pending_email or not user.is_active:
            logger.info("e-mail change of user %s: link not sent, nothing waits", user_id)
            return "none-pending"
        token = secrets.token_urlsafe(32)
        user.pending_email_token_hash = hash_token(token)
        user.pending_email_sent_at = timezone.now()
        user.save(update_fields=["pending_email_token_hash", "pending_email_sent_at"])
        link = settings.SITE_URL + reverse("accounts:email-confirm", kwargs={"token": token})
        context = {
            "link": link,
            "hours": settings.EMAIL_CHANGE_TIMEOUT // 3600,
            "expires_at": email_change_link_expires_at(user),
        }
        _email(
            "email_change_confirm", context, to=user.pending_email, language=user.language
        ).send()
    logger.info("e-mail change of user %s: link sent", user_id)
    return "sent"


def email_change_notice_deliver(*, notice_id: int) -> str:
    """Tell the address a user logged in with that it no longer does. Run by the Celery
    task (email_change_notice_send). The notice's row, the only copy of the old address,
    is deleted in the transaction that sends it. Returns "sent" or "missing"."""
    with transaction.atomic():
        notice = EmailChangeNotice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None:
            logger.info("e-mail change notice %s: not sent, already sent or gone", notice_id)
            return "missing"
        context = {"changed_at": notice.created}
        message = _email(
            "email_changed_notice", context, to=notice.old_email, language=notice.user.language
        )
        notice.delete()
        message.send()
    logger.info("e-mail change notice %s: sent", notice_id)
    return "sent"


def _email(name: str, context: dict, *, to: str, language: str = "") -> EmailMessage:
    """An account e-mail from templates/email/<name>_subject.txt and _body.txt, in the
    user's language (User.language; English when they follow their browser, which an
    e-mail cannot ask). Account e-mails name no dialogue and no person: only trackii and
    what changed."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"email/{name}_subject.txt", context)
        body = render_to_string(f"email/{name}_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[to])


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


# --- Passkeys ----------------------------------------------------------------------


def passkey_remove(
    *, user, passkey: Passkey, keep_session_key: str | None = None, ip: str | None = None
) -> int:
    """Remove one of the user's own passkeys (the caller looked it up in for_user(user)).

    Every other session of the user that was verified with it ends: whoever logged in with a
    passkey the user no longer trusts is logged out. Returns how many sessions ended.
    """
    if passkey.user_id != user.pk:
        raise ValidationError("Not this user's passkey.")
    persistent_id = passkey.persistent_id
    with transaction.atomic():
        audit_record(action=AuditEvent.Action.PASSKEY_REMOVED, actor=user, obj=passkey, ip=ip)
        passkey.delete()
    return _sessions_end_verified_with(
        user=user, persistent_id=persistent_id, keep_session_key=keep_session_key
    )


def _sessions_end_verified_with(*, user, persistent_id: str, keep_session_key: str | None) -> int:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for key in UserSession.objects.filter(user=user).values_list("session_key", flat=True):
        if key != keep_session_key and store(session_key=key).get(DEVICE_ID_SESSION_KEY) == (
            persistent_id
        ):
            keys.append(key)
    for key in keys:
        store(session_key=key).delete(key)
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
