"""Writes on funder reports: create, rebuild, edit the narrative, publish, withdraw.

Only organizers of the report's dialogue may do any of these. A published report is
frozen: every write below refuses it with a clear message. Withdrawing takes it away
from the funders and keeps the frozen copy (for the audit and for the release rule).
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilitation.models import Option
from reports import tasks
from reports.build import period_options, published_ledgers
from reports.models import Report
from reports.release import withheld_cells
from trackii.outbox.services import outbox_enqueue
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent


def _refuse_published(report: Report) -> None:
    if report.is_frozen:
        raise ValidationError(_("This report is published and can no longer be changed."))


def _enqueue_build(report: Report) -> None:
    # Saved with the report and sent after the commit; kept while the broker is down.
    outbox_enqueue(tasks.report_build, report.pk)


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


def report_set_option_titles(
    *,
    actor,
    report: Report,
    publishable: Iterable[int],
    shown: Iterable[int] | None = None,
) -> Report:
    """Choose which options' titles the report shows, then rebuild it.

    Only the options the report's funnel counts (reportable, readable by `actor`,
    reaching a state in the period) are touched: those whose id is in `publishable`
    are marked publishable, the others not. With `shown` (the ids of the options one
    page of the review listed), only those options are touched, so the marks of options
    on other pages are kept. Option.publishable belongs to the option, so the choice
    carries over to the dialogue's later reports.
    """
    require_organizer(actor, report.dialogue_id)
    _refuse_published(report)
    chosen = set(publishable)
    candidates = period_options(report=report, actor=actor)
    if shown is not None:
        candidates = candidates.filter(pk__in=set(shown))
    with transaction.atomic():
        Option.objects.filter(pk__in=candidates.filter(pk__in=chosen).values("pk")).update(
            publishable=True
        )
        Option.objects.filter(pk__in=candidates.exclude(pk__in=chosen).values("pk")).update(
            publishable=False
        )
    return report_rebuild(actor=actor, report=report)


def report_update_narrative(*, actor, report: Report, narrative: str) -> Report:
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_published(report)
        report.narrative = narrative
        report.full_clean()
        # The PDF carries the narrative: draw it again.
        report.pdf, report.pdf_of_build, report.pdf_k = None, None, None
        report.save(update_fields=["narrative", "pdf", "pdf_of_build", "pdf_k"])
        outbox_enqueue(tasks.report_render_pdf, report.pk)
    return report


def report_publish(*, actor, report: Report) -> Report:
    """Freeze the report and tell the dialogue's funders (by e-mail, in the background)."""
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        _refuse_published(report)
        if report.status != Report.Status.READY:
            raise ValidationError(_("Only a report that has been built can be published."))
        if withheld_cells(
            {key: set(c) for key, c in (report.release_ledger or {}).items()},
            published_ledgers(report),
            report.dialogue.k_threshold,
        ):
            raise ValidationError(
                _(
                    "Another report was published after this one was built, and some of this "
                    "one's figures now differ from it by too few people. Rebuild this report "
                    "before publishing it."
                )
            )
        _move(report, Report.Status.PUBLISHED, actor, AuditEvent.Action.REPORT_PUBLISHED)
        outbox_enqueue(tasks.report_notify_funders, report.pk)
    return report


def report_withdraw(*, actor, report: Report) -> Report:
    """Take a published report back from the funders and tell them (by e-mail, in the
    background, with the dialogue's code name only). The frozen copy is kept: it stays
    readable to organizers, and its figures still count for the release rule, since a
    funder may have kept what they read."""
    require_organizer(actor, report.dialogue_id)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.is_published:
            raise ValidationError(_("Only a published report can be withdrawn."))
        _move(report, Report.Status.WITHDRAWN, actor, AuditEvent.Action.REPORT_WITHDRAWN)
        outbox_enqueue(tasks.report_notify_withdrawn, report.pk)
    return report


def _move(report: Report, status: str, actor, action: str) -> None:
    """Set the locked `report`'s status to `status` ("published" or "withdrawn"), with
    when and by whom (its `<status>_at` and `<status>_by`), and audit it."""
    report.status = status
    setattr(report, f"{status}_at", timezone.now())
    setattr(report, f"{status}_by", actor)
    report.save(update_fields=["status", f"{status}_at", f"{status}_by"])
    audit_record(action=action, actor=actor, dialogue=report.dialogue, obj=report)


def report_pdf_download(*, actor, report: Report, ip: str | None = None) -> bytes | None:
    """The stored PDF of `report` for `actor`; None while it is being drawn, and None
    for a report `actor` may not read (read through Report.visible_to, like the page).

    Every download is audited, with ids only (no title, no figure).
    """
    if not report.pdf_ready:
        if report.built_at is not None and report.status != Report.Status.BUILDING:
            # Drawn under a lower k, or not drawn yet: draw it (idempotent).
            outbox_enqueue(tasks.report_render_pdf, report.pk)
        return None
    pdf = (
        Report.objects.visible_to(actor)
        .filter(pk=report.pk, pdf_of_build=report.built_at, pdf_k=report.dialogue.k_threshold)
        .values_list("pdf", flat=True)
        .first()
    )
    if pdf is None:
        return None
    audit_record(
        action=AuditEvent.Action.REPORT_DOWNLOADED,
        actor=actor,
        dialogue=report.dialogue,
        obj=report,
        ip=ip,
    )
    return bytes(pdf)
