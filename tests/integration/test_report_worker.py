"""A report's snapshot is built by the real Celery worker, reached through Redis."""

import pytest

from reports import tasks
from reports.models import Report
from tests.factories import RoundFactory

pytestmark = pytest.mark.worker

TASK_TIMEOUT = 30  # seconds


def test_report_build_sent_through_redis_is_built_by_the_worker(
    through_broker, transactional_db, cast
):
    RoundFactory(dialogue=cast.dialogue)
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="Through the worker",
        status=Report.Status.BUILDING,
        requested_by=cast["organizer"],
    )

    answer = tasks.report_build.apply_async((report.pk,), queue=through_broker.queue).get(
        timeout=TASK_TIMEOUT
    )

    report.refresh_from_db()
    assert answer == "built"
    assert (report.status, report.progress, report.snapshot["activity"]["rounds"]) == (
        Report.Status.READY,
        100,
        1,
    )


def test_report_build_repeated_by_the_worker_gives_the_same_figures(
    through_broker, transactional_db, cast
):
    RoundFactory(dialogue=cast.dialogue)
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="Twice",
        status=Report.Status.BUILDING,
        requested_by=cast["organizer"],
    )
    send = lambda: tasks.report_build.apply_async(  # noqa: E731 -- sent twice, the same way
        (report.pk,), queue=through_broker.queue
    ).get(timeout=TASK_TIMEOUT)
    send()
    report.refresh_from_db()
    first = {k: v for k, v in report.snapshot.items() if k != "built_at"}

    send()

    report.refresh_from_db()
    assert {k: v for k, v in report.snapshot.items() if k != "built_at"} == first


def test_report_build_by_the_worker_also_draws_the_pdf(through_broker, transactional_db, cast):
    RoundFactory(dialogue=cast.dialogue)
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="With its PDF",
        status=Report.Status.BUILDING,
        requested_by=cast["organizer"],
    )

    tasks.report_build.apply_async((report.pk,), queue=through_broker.queue).get(
        timeout=TASK_TIMEOUT
    )
    # The PDF task the build sends on runs in the worker too (tasks it sends run in
    # process under the test settings); the build's answer comes once both are done.

    report.refresh_from_db()
    pdf = Report.objects.values_list("pdf", flat=True).get(pk=report.pk)
    assert report.pdf_ready
    assert bytes(pdf)[:5] == b"%PDF-"
