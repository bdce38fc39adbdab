"""The outbox's periodic flush, run by beat (CELERY_BEAT_SCHEDULE) and queued after a
message gets through while older ones wait."""

from celery import shared_task

from trackii.lib.tasks import TRANSIENT_DB_ERRORS
from trackii.outbox import services


@shared_task(
    name="trackii.outbox.tasks.outbox_flush",
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=5 * 60,
    max_retries=5,
)
def outbox_flush() -> dict[str, int]:
    """Send what waits in the outbox. Takes no arguments; running it twice at once is
    harmless (each message is locked while it is sent)."""
    return services.outbox_flush()
