"""A real Celery worker, reached through Redis, runs trackii's tasks against the database."""

import pytest

from trackii.celery import app as celery_app
from trackii.tasks import healthcheck

pytestmark = pytest.mark.worker

TASK_TIMEOUT = 30  # seconds


def test_healthcheck_sent_through_redis_is_run_by_the_worker_against_the_database(
    through_broker, settings
):
    celery_worker_process = through_broker
    # Through the broker, never run in this process: otherwise nothing here proves a worker.
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert celery_app.conf.task_always_eager is False

    result = healthcheck.apply_async(queue=celery_worker_process.queue)
    answer = result.get(timeout=TASK_TIMEOUT)

    # The worker names itself: the one started for this test, not some other.
    assert answer == {"database": "ok", "worker": celery_worker_process.node_name}


def test_healthz_with_a_worker_listening_answers_200_with_every_check_ok(
    celery_worker_process, client, db, settings
):
    settings.HEALTHZ_CHECK_WORKER = True

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }
