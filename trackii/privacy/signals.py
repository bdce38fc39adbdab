"""Audit receivers for Django's login signals. Auditing only; no workflow hangs on signals."""

from axes.signals import user_locked_out
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


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The address tried is not recorded: a mistyped password pasted into the
    # e-mail field would otherwise end up in the log.
    audit_record(action=AuditEvent.Action.LOGIN_FAILED, ip=client_ip(request))


@receiver(user_locked_out)
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # The username tried is not recorded (it may be a mistyped password); the IP is.
    audit_record(action=AuditEvent.Action.LOCKED_OUT, ip=ip_address or client_ip(request))
