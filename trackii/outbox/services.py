"""Writing work to the outbox and sending it to the broker.

``outbox_enqueue`` is what a service calls where it used to call
``transaction.on_commit(lambda: task.delay(pk))``: the message is saved in the service's
transaction (so it exists exactly when the change does) and sent right after the commit. If
the broker cannot be reached the request still succeeds and the message waits.

Sending holds a row lock on the message (``select_for_update(skip_locked=True)``), so the
commit hook, beat's flush and an operator's ``flush_outbox`` never send one message twice.
A message can still be *run* twice (a worker killed after the work and before its
acknowledgement): the tasks are idempotent for that reason.
"""

import datetime as dt
import logging
import time
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from trackii.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

#: How long a sent message is kept (for an operator to look at) before the flush deletes it.
SENT_KEPT_FOR = dt.timedelta(days=7)
#: How many messages one flush sends at most; the rest wait for the next.
FLUSH_LIMIT = 500
#: A pending message this old was refused by the broker, not merely waiting for its commit.
LEFT_BEHIND_AFTER = dt.timedelta(seconds=30)
#: After the broker failed, how long this process keeps messages without trying it again.
#: A broker that accepts connections but never answers costs each try its socket timeout
#: (settings: CELERY_BROKER_TRANSPORT_OPTIONS); requests must not pay that one after another.
BROKER_SKIP_SECONDS = 30.0
#: broker URL -> until when (time.monotonic()) this process leaves it alone
_broker_down_until: dict[str, float] = {}


def broker_skip_reset() -> None:
    """Try the broker again at the next message (a flush does: it is the retry)."""
    _broker_down_until.clear()


class BrokerSkipped(ConnectionError):
    """The broker failed a moment ago: the message waits without trying it again yet."""


class Sent(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # sent already, or being sent right now by someone else
    FAILED = "failed"  # the broker refused it: still pending


def outbox_enqueue(task, *ids: int) -> OutboxMessage:
    """Save a message for `task` with `ids` as its arguments, to send once this transaction
    commits (at once outside a transaction). Ids only: anything else is refused."""
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise TypeError("outbox messages carry ids only (integers)")
    message = OutboxMessage.objects.create(task_name=task.name, args=list(ids))
    pk = message.pk
    # robust: whatever goes wrong here is logged; the change itself has been committed.
    transaction.on_commit(lambda: _send_after_commit(pk), robust=True)
    return message


def _send_after_commit(pk: int) -> None:
    from trackii.celery import app

    outcome = outbox_send(pk)
    # The broker is answering: if older messages wait, a worker sends them now rather than
    # at beat's next flush. (Not the ones just written: their own commit hook sends them.)
    if (
        outcome == Sent.SENT
        and not app.conf.task_always_eager
        and OutboxMessage.objects.pending()
        .filter(created_at__lt=timezone.now() - LEFT_BEHIND_AFTER)
        .exists()
    ):
        from trackii.outbox.tasks import outbox_flush

        try:
            _publish(outbox_flush, [])
        except Exception:  # beat's flush will do it; the request has succeeded
            logger.warning("outbox: flush not queued", exc_info=True)


def _publish(task, args: list) -> None:
    """Hand the task to the broker, or run it here when tasks run eagerly (embedded mode).

    A fresh connection, tried once: the request that committed must not hang on a broker
    that is down (kombu would otherwise retry), and the message is kept for later anyway.
    """
    from trackii.celery import app

    if app.conf.task_always_eager:
        with transaction.atomic():  # a failing task undoes its own writes, not ours
            task.delay(*args)
        return
    broker = str(app.conf.broker_url)
    if time.monotonic() < _broker_down_until.get(broker, 0.0):
        raise BrokerSkipped("the broker failed less than BROKER_SKIP_SECONDS ago")
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0.1)  # one quick retry
            task.apply_async(args, connection=conn, retry=False)
    except Exception:
        _broker_down_until[broker] = time.monotonic() + BROKER_SKIP_SECONDS
        raise


def outbox_send(pk: int) -> Sent:
    """Send one pending message; on failure it stays pending, its attempt counted."""
    from trackii.celery import app

    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return Sent.SKIPPED
        now = timezone.now()
        message.attempts += 1
        message.last_attempt_at = now
        try:
            _publish(app.tasks[message.task_name], message.args)
        except Exception:  # any failure to send keeps the message for later
            logger.warning(
                "outbox %s: %s not sent (attempt %s), kept for later",
                message.pk,
                message.task_name,
                message.attempts,
                exc_info=True,
            )
            outcome = Sent.FAILED
        else:
            message.sent_at = now
            outcome = Sent.SENT
        message.save(update_fields=["attempts", "last_attempt_at", "sent_at"])
    return outcome


def outbox_flush(*, limit: int = FLUSH_LIMIT) -> dict[str, int]:
    """Send the pending messages, oldest first, stopping at the first the broker refuses
    (the rest would fail the same way). Deletes messages sent more than SENT_KEPT_FOR ago.
    Answers how many were sent and how many still wait."""
    broker_skip_reset()  # a flush is the retry: it tries the broker, at most once if it fails
    pks = list(OutboxMessage.objects.pending().values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in pks:
        outcome = outbox_send(pk)
        if outcome == Sent.FAILED:
            break
        sent += outcome == Sent.SENT
    OutboxMessage.objects.filter(sent_at__lt=timezone.now() - SENT_KEPT_FOR).delete()
    return {"sent": sent, "pending": OutboxMessage.objects.pending().count()}
