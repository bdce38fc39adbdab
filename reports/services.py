"""Writes on funder reports: create, rebuild, edit the narrative, publish.

Only organizers of the report's dialogue may do any of these. A published report is
frozen: every write below refuses it with a clear message.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import tasks
from reports.models import Report
from trackii.privacy.access import require_organizer


def _refuse_published(report: Report) -> None:
    if report.is_published:
        raise ValidationError(_("This report is published and can no longer be changed."))


def _enqueue_build(report: Report) -> None:
    pk = report.pk
    transaction.on_commit(lambda: tasks.report_build.delay(pk), robust=True)


def report_create(
    *,
    actor,
    dialogue,
    title: str,
    period_kind: str,
    round=None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Report:
    """A draft report, its snapshot built in the background straight away."""
    require_organizer(actor, dialogue)
    report = Report(
        dialogue=dialogue,
        title=title,
        period_kind=period_kind,
        round=round if period_kind == Report.Period.ROUND else None,
        starts_on=starts_on if period_kind == Report.Period.RANGE else None,
        ends_on=ends_on if period_kind == Report.Period.RANGE else None,
        status=Report.Status.BUILDING,
        requested_by=actor,
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        _enqueue_build(report)
    return report


def report_rebuild(*, actor, report: Report) -> Report:
    """Recompute the snapshot from today's data (drafts and ready reports only)."""
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_published(report)
        report.status = Report.Status.BUILDING
        report.progress = 0
        report.requested_by = actor
        report.save(update_fields=["status", "progress", "requested_by"])
        _enqueue_build(report)
    return report


def report_update_narrative(*, actor, report: Report, narrative: str) -> Report:
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_published(report)
        report.narrative = narrative
        report.full_clean()
        report.save(update_fields=["narrative"])
    return report


def report_publish(*, actor, report: Report) -> Report:
    """Freeze the report and tell the dialogue's funders (by e-mail, in the background)."""
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_published(report)
        if report.status != Report.Status.READY:
            raise ValidationError(_("Only a report that has been built can be published."))
        report.status = Report.Status.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = actor
        report.save(update_fields=["status", "published_at", "published_by"])
        pk = report.pk
        transaction.on_commit(lambda: tasks.report_notify_funders.delay(pk), robust=True)
    return report
