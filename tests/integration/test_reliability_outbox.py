"""The outbox and the tolerant cache on their own, with a broker and a cache that refuse
connections (a port held by the test and never listened on): no service needed, so these
run everywhere."""

import contextlib
import time

import pytest
import redis
from django.core.cache import cache
from django.core.management import CommandError, call_command

from reports import tasks
from reports.models import Report
from reports.services import report_create
from tests.integration.reliability import refusing_port
from trackii.celery import app as celery_app
from trackii.outbox.models import OutboxMessage
from trackii.outbox.services import Sent, outbox_enqueue, outbox_flush, outbox_send
from trackii.tasks import healthcheck

REFUSED_BOUND = 5  # seconds: a broker that refuses must not hold the request up


@contextlib.contextmanager
def _refusing_broker():
    """Tasks go to a broker, and the broker refuses every connection (nothing listens on
    its port). The running Celery app read its conf once: switched here and put back."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url)
    with refusing_port() as port:
        conf.task_always_eager = False
        conf.broker_url = f"redis://127.0.0.1:{port}/0"
        try:
            yield
        finally:
            conf.task_always_eager, conf.broker_url = saved


@pytest.fixture
def broker_refuses(settings):
    with _refusing_broker():  # first: it saves the conf as it was
        settings.CELERY_TASK_ALWAYS_EAGER = False
        yield


def _create(cast):
    return report_create(
        actor=cast["organizer"], dialogue=cast.dialogue, title="Spring", period_kind="whole"
    )


def test_outbox_enqueue_with_anything_but_ids_is_refused(db):
    with pytest.raises(TypeError):
        outbox_enqueue(tasks.report_build, "Amira Haddad")

    assert OutboxMessage.objects.count() == 0


def test_report_create_sends_its_build_after_commit_and_the_report_is_built(
    cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = _create(cast)
    waiting = list(OutboxMessage.objects.pending().values_list("task_name", "args"))
    for callback in callbacks:
        callback()

    assert waiting == [("reports.tasks.report_build", [report.pk])]
    assert OutboxMessage.objects.get(task_name="reports.tasks.report_build").sent_at is not None
    assert Report.objects.get(pk=report.pk).status == Report.Status.READY


def test_report_create_with_the_broker_refusing_answers_at_once_and_keeps_the_build_pending(
    cast, broker_refuses, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        report = _create(cast)
    took = time.monotonic() - started

    message = OutboxMessage.objects.get()
    assert took < REFUSED_BOUND
    assert (message.task_name, message.args, message.sent_at, message.attempts) == (
        "reports.tasks.report_build",
        [report.pk],
        None,
        1,
    )
    assert Report.objects.get(pk=report.pk).status == Report.Status.BUILDING


def test_flush_outbox_with_the_broker_still_refusing_says_so_and_keeps_the_message(
    cast, broker_refuses, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(cast)

    with pytest.raises(CommandError, match="still pending"):
        call_command("flush_outbox")

    assert OutboxMessage.objects.pending().values_list("attempts", flat=True).get() == 2


def test_flush_once_the_broker_is_back_sends_each_pending_message_once(
    db, django_capture_on_commit_callbacks
):
    with _refusing_broker(), django_capture_on_commit_callbacks(execute=True):
        first = outbox_enqueue(healthcheck)
        second = outbox_enqueue(healthcheck)
    refused_attempts = list(OutboxMessage.objects.pending().values_list("attempts", flat=True))
    # The broker is back (here: tasks run in process, as in the embedded mode).

    flushed = outbox_flush()
    again = outbox_flush()

    assert refused_attempts == [1, 1]
    assert (flushed, again) == ({"sent": 2, "pending": 0}, {"sent": 0, "pending": 0})
    assert [outbox_send(first.pk), outbox_send(second.pk)] == [Sent.SKIPPED, Sent.SKIPPED]
    assert list(OutboxMessage.objects.values_list("attempts", flat=True)) == [2, 2]


@pytest.fixture
def refused_port():
    with refusing_port() as port:
        yield port


def test_tolerant_cache_with_redis_unreachable_misses_and_drops_writes(settings, refused_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "trackii.outbox.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{refused_port}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    cache.set("k", "v")

    assert (cache.get("k"), cache.get("k", "fallback"), cache.add("k", 1)) == (
        None,
        "fallback",
        False,
    )
    with pytest.raises(redis.ConnectionError):
        cache.incr("k")  # counters raise: their callers decide (the rate limit fails open)
