"""Retention: when a dialogue that has been closed for longer than its organizers chose
(Dialogue.retention_days) has its records purged, said plainly for its settings page.

The purge itself reaches into facilitation and participants, so it lives above them, in
trackii/workflows/retention.py (run daily by Celery beat and by `purge_retention`).
"""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogues.models import Dialogue


def purge_due_at(dialogue: Dialogue) -> datetime | None:
    """When the dialogue's records are purged: `retention_days` after it was closed.

    None while it is not closed, or when no retention period is set (kept until an
    organizer decides). A time in the past means the next daily run purges it.
    """
    if (
        dialogue.status != Dialogue.Status.CLOSED
        or dialogue.closed_at is None
        or dialogue.retention_days is None
    ):
        return None
    return dialogue.closed_at + timedelta(days=dialogue.retention_days)


def retention_status(dialogue: Dialogue, *, now: datetime | None = None) -> str:
    """One plain sentence for organizers: when this dialogue's records will be purged."""
    due_at = purge_due_at(dialogue)
    if dialogue.retention_days is None:
        return _(
            "No retention period is set: everything is kept until an organizer sets one "
            "and the dialogue is closed."
        )
    if due_at is None:
        return ngettext(
            "Records will be purged %(days)d day after the status is set to Closed.",
            "Records will be purged %(days)d days after the status is set to Closed.",
            dialogue.retention_days,
        ) % {"days": dialogue.retention_days}
    if due_at <= (now or timezone.now()):
        return _(
            "The retention period has run out: the records are purged at the next daily run, "
            "if they were not already."
        )
    return _("Records will be purged on %(date)s (UTC), unless the dialogue is reopened.") % {
        "date": f"{due_at:%Y-%m-%d}"
    }


def dialogues_past_retention(*, now: datetime | None = None) -> list[Dialogue]:
    """Closed dialogues whose retention period has run out, oldest closing first.

    Filtered in Python: few dialogues are closed with a retention period, and the date
    arithmetic stays the same on SQLite and PostgreSQL.
    """
    now = now or timezone.now()
    closed = Dialogue.objects.filter(
        status=Dialogue.Status.CLOSED, closed_at__isnull=False, retention_days__isnull=False
    ).order_by("closed_at", "pk")
    return [d for d in closed if purge_due_at(d) <= now]
