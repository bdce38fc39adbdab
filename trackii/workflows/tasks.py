"""Celery tasks of work that spans apps. Tasks take ids only (or nothing): no name, text or
e-mail address ever travels through the broker or lands in the result store."""

import logging

from celery import shared_task

from trackii.lib.tasks import TRANSIENT_DB_ERRORS, mail_task
from trackii.workflows import exports
from trackii.workflows.reminders import reminders_send_daily
from trackii.workflows.retention import retention_purge

logger = logging.getLogger(__name__)


# The name is the one the task had when it lived in dialogues/tasks.py: beat schedules
# and messages already queued keep working.
@shared_task(
    name="dialogues.tasks.retention_purge_due",
    acks_late=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=5,
)
def retention_purge_due() -> list[int]:
    """Purge every dialogue past its retention period (run daily by Celery beat).

    Idempotent: a run repeated after a crash finds what was purged already gone and
    purges only the rest. Answers the ids of the dialogues purged, nothing else.
    """
    return [plan.dialogue_id for plan in retention_purge()]


@mail_task("trackii.workflows.tasks.reminders_send")
def reminders_send() -> int:
    """E-mail each organizer and facilitator what needs them today (run daily by Celery
    beat). Sends each user at most one e-mail a day, so a retried or repeated run is
    harmless. Answers how many e-mails went out."""
    return reminders_send_daily()


@shared_task(
    name="trackii.workflows.tasks.export_build_task",
    acks_late=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=5,
)
def export_build_task(export_id: int) -> str:
    """Build one export's file (trackii/workflows/exports.py). A database that went away
    is retried; any other error fails the export with a plain message, never a half file."""
    try:
        return exports.export_build(export_id)
    except TRANSIENT_DB_ERRORS:
        raise
    except Exception:
        logger.exception("export %s could not be built", export_id)
        exports.export_fail(export_id)
        return "failed"


@shared_task(name="trackii.workflows.tasks.exports_purge_expired_task", acks_late=True)
def exports_purge_expired_task() -> int:
    """Delete the exports past their expiry (run hourly by Celery beat). Idempotent."""
    return exports.exports_purge_expired()
