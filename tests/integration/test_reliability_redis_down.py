"""Redis goes down (a redis-server of the test's own, killed): pages still render, notes still
save, and the work that needs the broker waits in the outbox; /healthz says 503. Redis comes
back, `flush_outbox` sends the work, and a real worker does it."""

import io
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
    invitee = ParticipantFactory(side=w.north, person=PersonFactory(email="amira@example.org"))

    redis_server.stop()
    started = time.monotonic()
    console = client_for(w["facilitator"]).get(_console_url(w))
    saved = client_for(w["facilitator"]).post(
        _console_url(w, "console-entry"),
        {
            "text": "The north asked for a break",
            "kind": "note",
            "level": Level.TEAM,
            "client_key": "0b5a4c0e-8d1e-4d43-a4a7-3c1f2b9e6d10",
        },
        headers={"X-Trackii-Queue": "1"},
    )
    rebuilt = client_for(w["organizer"]).post(
        reverse("reports:rebuild", kwargs={"dialogue_id": w.dialogue.pk, "report_id": report.pk})
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
