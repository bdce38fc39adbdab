"""Writing audit events. Writing one never breaks the request it records."""

import logging

from django.db import DatabaseError, transaction

from trackii.privacy.models import AuditEvent

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The address the request came from, as the WSGI server saw it.

    gunicorn sets REMOTE_ADDR to whoever connected, whatever --forwarded-allow-ips says: behind
    a load balancer that is the balancer, unless it sends the PROXY protocol and gunicorn
    accepts it (--proxy-protocol --proxy-allow-from; docs/deployment.md, "Several web nodes
    and workers"). X-Forwarded-For is not trusted here because any client can forge it.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor=None,
    dialogue=None,
    organization=None,
    obj=None,
    ip: str | None = None,
    detail: dict | None = None,
) -> AuditEvent | None:
    """Append one audit event; on a database error, log it (without content) and go on.

    An event about a dialogue also names the dialogue's organization, unless told
    otherwise, so that the organization's administrators can follow it.
    `detail` must hold no confidential text, names or e-mail addresses.
    The write runs in its own savepoint so a failure cannot poison the
    caller's transaction.
    """
    event = AuditEvent(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        dialogue=dialogue,
        organization_id=getattr(organization, "pk", organization)
        or getattr(dialogue, "organization_id", None),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=ip,
        detail=detail or {},
    )
    try:
        with transaction.atomic():
            event.save()
    except DatabaseError:
        logger.exception("audit event %s could not be written", action)
        return None
    return event


def audit_restricted_reads(*, actor, items, ip: str | None = None) -> None:
    """One RESTRICTED_READ event per restricted item in `items`, written in one query."""
    events = [
        AuditEvent(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=actor,
            dialogue_id=item.dialogue_id,
            object_type=item._meta.label_lower,
            object_id=str(item.pk),
            ip_address=ip,
        )
        for item in items
        if item.is_restricted
    ]
    if not events:
        return
    try:
        with transaction.atomic():
            AuditEvent.objects.bulk_create(events)
    except DatabaseError:
        logger.exception("%d restricted-read audit events could not be written", len(events))
