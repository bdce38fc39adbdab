"""Audit receivers for Django's login signals. Auditing only; no workflow hangs on signals."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from trackii.privacy.audit import audit_record, client_ip
from trackii.privacy.models import AuditEvent


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, actor=user, ip=client_ip(request))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, actor=user, ip=client_ip(request))


def _account_tried(username) -> object | None:
    """The account whose address was typed, if one uses it; its owner is shown the attempt
    on their account page (and their organization's administrators on theirs)."""
    if not isinstance(username, str) or not username.strip():
        return None
    return get_user_model().objects.filter(email__iexact=username.strip()).first()


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The address tried is not recorded: a mistyped password pasted into the e-mail field
    # would otherwise end up in the log. When it is an account's address, the event
    # names that account (by id) as its object.
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        obj=_account_tried((credentials or {}).get("username")),
        ip=client_ip(request),
    )


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # The username tried is not recorded (it may be a mistyped password); the IP is, and
    # the account it names, if any, as the event's object.
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT,
        obj=_account_tried(username),
        ip=ip_address or client_ip(request),
    )
