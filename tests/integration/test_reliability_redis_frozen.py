"""Redis stops answering without going away (the process frozen with SIGSTOP: the kernel
still accepts connections, nothing replies, as with a hung host or a network partition).
Requests must not hang on it: pages render, notes save, broker work waits in the outbox,
/healthz says 503, each within the socket timeouts. When Redis answers again the outbox
is sent."""

import io
import signal
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from facilitation.models import Note
from reports.models import Report
from tests.integration.reliability import RedisServer
from trackii.celery import app as celery_app
from trackii.outbox.models import OutboxMessage
from trackii.privacy.levels import Level

pytestmark = pytest.mark.worker

#: seconds for all the requests made while Redis is frozen, together. Each cache or broker
#: call may wait out its socket timeout (1 s to connect, 2 s to read); a hang is forever.
FROZEN_BOUND = 30


@pytest.fixture
def frozen_redis(require_executable, tmp_path, settings, broker_sends, monkeypatch):
    """This process's cache and broker are a redis-server of the test's own, as in
    production (the broker with trackii's own transport options)."""
    server = RedisServer(require_executable("redis-server"), tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "trackii.outbox.cache.TolerantRedisCache",
            "LOCATION": server.url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.HEALTHZ_CHECK_WORKER = False
    monkeypatch.setattr(celery_app.conf, "broker_url", server.url())
    yield server
    server.process.send_signal(signal.SIGCONT)
    server.stop()
    server.release()


def _console_url(w, name="console"):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk},
    )


def test_with_redis_frozen_requests_do_not_hang_and_work_waits_in_the_outbox(
    frozen_redis, transactional_db, console_world, client_for
):
    w = console_world
    report = Report.objects.create(
        dialogue=w.dialogue,
        title="Asked for while Redis hangs",
        status=Report.Status.READY,
        requested_by=w["organizer"],
    )

    frozen_redis.process.send_signal(signal.SIGSTOP)
    started = time.monotonic()
    console = client_for(w["facilitator"]).get(_console_url(w))
    saved = client_for(w["facilitator"]).post(
        _console_url(w, "console-entry"),
        {
            "text": "The south proposed a joint statement",
            "kind": "note",
            "level": Level.TEAM,
            "client_key": "6f0e2a51-3b7c-4e0a-9a55-0c1d2e3f4a5b",
        },
        headers={"X-Trackii-Queue": "1"},
    )
    rebuilt = client_for(w["organizer"]).post(
        reverse("reports:rebuild", kwargs={"dialogue_id": w.dialogue.pk, "report_id": report.pk})
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

    frozen_redis.process.send_signal(signal.SIGCONT)
    out = io.StringIO()
    call_command("flush_outbox", stdout=out)

    assert out.getvalue().strip() == "Sent 1; 0 still pending."
    assert OutboxMessage.objects.pending().count() == 0
