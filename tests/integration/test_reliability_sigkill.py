"""A worker killed with SIGKILL while it builds a report: the next worker builds it, once.

The build is held still, deterministically and without a sleep anywhere: this test takes an
ACCESS EXCLUSIVE lock on the trust readings table from a connection of its own, so the worker
stops at the query that reads them, after it has shown some progress. The worker runs the
prefork pool, as in production, whose parent process would acknowledge the message the moment
a child starts it were it not for late acknowledgement. Then the worker and its child are
killed (no warm shutdown, no acknowledgement: the message stays in Redis's "unacked" hash),
the lock is let go, and a new worker on the same queue takes the message back once its
visibility timeout has passed (tests/integration/settings_fast_redelivery.py: three seconds
here, an hour in production).
"""

import contextlib
import os
import signal

import pytest
import redis
from django.db import connection

from reports import tasks
from reports.models import Report
from tests.factories import RoundFactory
from tests.integration.conftest import start_worker, stop_worker, worker_database_url
from tests.integration.reliability import side_connection, wait_for
from tests.integration.settings_fast_redelivery import UNACKED_KEY

pytestmark = pytest.mark.worker

HELD_TIMEOUT = 30  # seconds for the first worker to reach the locked table
BUILT_TIMEOUT = 40  # seconds for the second worker to take the message back and build it


def _backends_waiting_on_a_lock(side) -> int:
    # Within the side connection's transaction the statistics views are a snapshot taken at
    # first use: clear it so each look is fresh.
    side.execute("SELECT pg_stat_clear_snapshot()")
    row = side.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchone()
    return row[0]


def _messages_left_for(redis_url: str, queue: str) -> dict:
    """What Redis still holds for the queue: waiting messages, and delivered ones not acked."""
    client = redis.Redis.from_url(redis_url)
    try:
        unacked = [v for v in client.hvals(UNACKED_KEY) if queue.encode() in v]
        return {"waiting": client.llen(queue), "unacked": len(unacked)}
    finally:
        client.close()


def test_report_build_whose_worker_is_killed_mid_task_is_built_exactly_once_by_the_next_worker(
    broker_sends, transactional_db, cast, require_service, tmp_path
):
    redis_url = require_service("REDIS_URL")
    database_url = worker_database_url()
    RoundFactory(dialogue=cast.dialogue)
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="Killed mid-build",
        status=Report.Status.BUILDING,
        requested_by=cast["organizer"],
    )
    first = start_worker(
        redis_url=redis_url,
        database_url=database_url,
        log_dir=tmp_path,
        settings_module="tests.integration.settings_fast_redelivery",
        pool="prefork",  # as in production: the parent acknowledges, a child builds
        extra_env={"TRACKII_TEST_VISIBILITY_TIMEOUT": "3600"},
    )
    second = None
    side = side_connection()
    try:
        side.execute("LOCK TABLE facilitation_trustreading IN ACCESS EXCLUSIVE MODE")
        tasks.report_build.apply_async((report.pk,), queue=first.queue)
        wait_for(
            lambda: _backends_waiting_on_a_lock(side) == 1,
            timeout=HELD_TIMEOUT,
            what="the worker to block on the locked table",
        )
        held = Report.objects.values_list("status", "progress").get(pk=report.pk)

        # SIGKILL to the worker and its child: nothing runs after it, nothing is acknowledged.
        os.killpg(first.process.pid, signal.SIGKILL)
        first.process.wait(timeout=10)
        side.rollback()  # the lock goes; the dead worker's query has nobody to answer
        second = start_worker(
            redis_url=redis_url,
            database_url=database_url,
            log_dir=tmp_path,
            queue=first.queue,
            settings_module="tests.integration.settings_fast_redelivery",
        )
        # Built, and the message acknowledged: the worker acknowledges only after the task
        # returns (late acknowledgement), and the task still draws the PDF once the report
        # shows READY. Stopping the worker before that could leave the message unacked.
        wait_for(
            lambda: (
                Report.objects.get(pk=report.pk).status == Report.Status.READY
                and _messages_left_for(redis_url, first.queue) == {"waiting": 0, "unacked": 0}
            ),
            timeout=BUILT_TIMEOUT,
            what="the second worker to build the report and acknowledge its message",
        )
    finally:
        side.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.process.pid, signal.SIGKILL)
        if second is not None:
            stop_worker(second)

    # The first worker really was mid-build: the page showed it building, partly done.
    assert held[0] == Report.Status.BUILDING
    assert 0 < held[1] < 100
    assert first.process.returncode == -9
    report.refresh_from_db()
    assert Report.objects.filter(dialogue=cast.dialogue).count() == 1
    assert (report.status, report.progress, report.snapshot["activity"]["rounds"]) == (
        Report.Status.READY,
        100,
        1,
    )
    assert report.built_at is not None
    # Built once, and nothing is left in Redis to build it again.
    assert _messages_left_for(redis_url, first.queue) == {"waiting": 0, "unacked": 0}
    assert connection.vendor == "postgresql"
