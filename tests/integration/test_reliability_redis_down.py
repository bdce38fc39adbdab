"""Redis goes down (a redis-server of the test's own, killed): pages still render, notes still
save, and the work that needs the broker waits in the outbox; /healthz says 503. Redis comes
back, `flush_outbox` sends the work, and a real worker does it.

Redis that hangs instead (the process frozen with SIGSTOP: the kernel still accepts
connections, nothing replies, as with a hung host or a network partition): the same
requests must not hang on it, and the work is sent once it answers again."""

import io
import signal
import time

import pytest
from celery import Celery
from django.core.management import call_command
from django.urls import reverse

from facilitation.models import Note
from participants.models import Invitation
from participants.services.invitations import invitation_create
from reports.models import Report
from tests.factories import ParticipantFactory, PersonFactory
from tests.integration.conftest import start_worker, stop_worker, worker_database_url
from tests.integration.reliability import RedisServer, wait_for
from trackii.celery import app as celery_app
from trackii.outbox.models import OutboxMessage
from trackii.privacy.levels import Level

pytestmark = pytest.mark.worker

DONE_TIMEOUT = 40  # seconds for the worker to build the report and send the invitation
OUTAGE_BOUND = 10  # seconds: the requests made while Redis is down, all together
#: seconds for the requests made while Redis is frozen, together. Each cache or broker call
#: may wait out its socket timeout (a few seconds); without timeouts they hang for ever.
FROZEN_BOUND = 30


@pytest.fixture
def redis_server(require_executable, tmp_path):
    server = RedisServer(require_executable("redis-server"), tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.release()


@pytest.fixture
def app_on_redis(redis_server, settings, broker_sends, monkeypatch):
    """This process's cache and broker are the test's redis-server, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "trackii.outbox.cache.TolerantRedisCache",
            "LOCATION": redis_server.url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.HEALTHZ_CHECK_WORKER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", redis_server.url())
    return redis_server


def _console_url(w, name="console"):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk},
    )


def _use_the_app(w, client_for, report, *, note, client_key):
    """What users do while Redis fails: a facilitator opens the console and saves `note`,
    the organizer asks for `report` to be rebuilt. Answers the three responses."""
    console = client_for(w["facilitator"]).get(_console_url(w))
    saved = client_for(w["facilitator"]).post(
        _console_url(w, "console-entry"),
        {"text": note, "kind": "note", "level": Level.TEAM, "client_key": client_key},
        headers={"X-Trackii-Queue": "1"},
    )
    rebuilt = client_for(w["organizer"]).post(
        reverse("reports:rebuild", kwargs={"dialogue_id": w.dialogue.pk, "report_id": report.pk})
    )
    return console, saved, rebuilt


def test_with_redis_down_notes_save_and_work_waits_in_the_outbox_until_redis_is_back(
    app_on_redis, transactional_db, console_world, client_for, tmp_path
):
    database_url = worker_database_url()  # before anything: the worker must reach the data
    w = console_world
    redis_server = app_on_redis
    report = Report.objects.create(
        dialogue=w.dialogue,
        title="Asked for while Redis is down",
        status=Report.Status.READY,
        requested_by=w["organizer"],
    )
    invitee = ParticipantFactory(
        side=w.north, state="vetted", person=PersonFactory(email="amira@example.org")
    )

    redis_server.stop()
    started = time.monotonic()
    console, saved, rebuilt = _use_the_app(
        w,
        client_for,
        report,
        note="The north asked for a break",
        client_key="0b5a4c0e-8d1e-4d43-a4a7-3c1f2b9e6d10",
    )
    invitation = invitation_create(actor=w["organizer"], round=w.session.round, participant=invitee)
    health = client_for(None).get("/healthz")
    outage_took = time.monotonic() - started

    assert (console.status_code, saved.status_code, rebuilt.status_code) == (200, 201, 302)
    assert list(Note.objects.filter(session=w.session).values_list("text", flat=True)) == [
        "The north asked for a break"
    ]
    assert Report.objects.get(pk=report.pk).status == Report.Status.BUILDING
    assert list(OutboxMessage.objects.pending().values_list("task_name", "args")) == [
        ("reports.tasks.report_build", [report.pk]),
        ("participants.tasks.invitation_send", [invitation.pk]),
    ]
    assert health.status_code == 503
    assert health.json() == {"status": "down", "checks": {"database": "ok", "cache": "down"}}
    assert outage_took < OUTAGE_BOUND

    redis_server.start()
    pinger = Celery("trackii-ping", set_as_current=False, broker=redis_server.url())
    worker = start_worker(
        redis_url=redis_server.url(),
        database_url=database_url,
        log_dir=tmp_path,
        queue="celery",  # the default queue, on this test's own Redis
        control_app=pinger,
    )
    out = io.StringIO()
    try:
        call_command("flush_outbox", stdout=out)
        wait_for(
            lambda: (
                Report.objects.get(pk=report.pk).status == Report.Status.READY
                and Invitation.objects.get(pk=invitation.pk).sent_at is not None
            ),
            timeout=DONE_TIMEOUT,
            what="the worker to build the report and send the invitation",
        )
    finally:
        stop_worker(worker)
        pinger.close()

    assert out.getvalue().strip() == "Sent 2; 0 still pending."
    assert OutboxMessage.objects.pending().count() == 0
    report.refresh_from_db()
    assert (report.status, report.progress) == (Report.Status.READY, 100)


def test_with_redis_frozen_requests_do_not_hang_and_work_waits_in_the_outbox(
    app_on_redis, transactional_db, console_world, client_for
):
    w = console_world
    report = Report.objects.create(
        dialogue=w.dialogue,
        title="Asked for while Redis hangs",
        status=Report.Status.READY,
        requested_by=w["organizer"],
    )

    app_on_redis.process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    console, saved, rebuilt = _use_the_app(
        w,
        client_for,
        report,
        note="The south proposed a joint statement",
        client_key="6f0e2a51-3b7c-4e0a-9a55-0c1d2e3f4a5b",
    )
    health = client_for(None).get("/healthz")
    frozen_took = time.monotonic() - started

    assert (console.status_code, saved.status_code, rebuilt.status_code) == (200, 201, 302)
    assert list(Note.objects.filter(session=w.session).values_list("text", flat=True)) == [
        "The south proposed a joint statement"
    ]
    assert list(OutboxMessage.objects.pending().values_list("task_name", "args")) == [
        ("reports.tasks.report_build", [report.pk])
    ]
    assert health.status_code == 503
    assert frozen_took < FROZEN_BOUND, f"requests took {frozen_took:.1f} s with Redis frozen"

    app_on_redis.process.send_signal(signal.SIGCONT)
    out = io.StringIO()
    call_command("flush_outbox", stdout=out)

    assert out.getvalue().strip() == "Sent 1; 0 still pending."
    assert OutboxMessage.objects.pending().count() == 0
