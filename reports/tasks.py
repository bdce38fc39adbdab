"""Celery tasks of funder reports. They take a report id only: no figure, name or text
travels through the broker."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from trackii.lib.tasks import TRANSIENT_DB_ERRORS, mail_task

logger = logging.getLogger(__name__)


@shared_task(
    name="reports.tasks.report_build",
    acks_late=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=8,
)
def report_build(report_id: int) -> str:
    """Compute and store the report's snapshot, moving `progress` from 0 to 100.

    Idempotent: a repeated run recomputes and overwrites the snapshot. A published
    report is never touched (it is frozen). The data is read as the organizer who asked
    for the build; if they no longer organize the dialogue, the build stops as a draft.
    """
    from reports.build import build_report
    from reports.models import Report
    from trackii.privacy.access import require_organizer

    report = Report.objects.select_related("dialogue", "round").filter(pk=report_id).first()
    if report is None or report.is_frozen:
        return "skipped"
    live = Report.objects.filter(pk=report_id).exclude(status__in=Report.FROZEN)

    def progress(value: int) -> None:
        live.update(progress=value)

    live.update(status=Report.Status.BUILDING, progress=0)
    try:
        require_organizer(report.requested_by, report.dialogue_id)
    except PermissionDenied:
        live.update(status=Report.Status.DRAFT, progress=0)
        logger.warning("report %s: requester no longer organizes the dialogue", report_id)
        return "refused"
    snapshot, ledger = build_report(report=report, actor=report.requested_by, progress=progress)
    with transaction.atomic():
        done = live.update(
            snapshot=snapshot,
            release_ledger=ledger,
            status=Report.Status.READY,
            progress=100,
            built_at=timezone.now(),
            pdf=None,
            pdf_of_build=None,
            pdf_k=None,
        )
        if done:
            from trackii.outbox.services import outbox_enqueue

            # The PDF of this very snapshot, drawn next in its own task (id only).
            outbox_enqueue(report_render_pdf, report_id)
    return "built" if done else "skipped"


@shared_task(
    name="reports.tasks.report_render_pdf",
    acks_late=True,
    autoretry_for=TRANSIENT_DB_ERRORS,
    retry_backoff=5,
    retry_backoff_max=10 * 60,
    retry_jitter=True,
    max_retries=8,
)
def report_render_pdf(report_id: int) -> str:
    """Draw the PDF of the report's current snapshot, under the dialogue's current k, and
    store it with the report.

    Idempotent: a PDF already stored for this snapshot and k is kept (a published report's
    PDF is frozen with it until k is raised). The PDF is stored only if the snapshot it was
    drawn from is still the report's (a rebuild meanwhile starts a PDF of its own).
    """
    from reports.models import Report
    from reports.pdf import render_pdf

    report = Report.objects.select_related("dialogue").filter(pk=report_id).first()
    if report is None or report.built_at is None or report.status == Report.Status.BUILDING:
        return "skipped"
    if report.pdf_ready:
        return "kept"
    pdf = render_pdf(report)
    done = Report.objects.filter(pk=report_id, built_at=report.built_at).update(
        pdf=pdf, pdf_of_build=report.built_at, pdf_k=report.dialogue.k_threshold
    )
    return "rendered" if done else "skipped"


@mail_task("reports.tasks.report_notify_funders")
def report_notify_funders(report_id: int) -> int:
    """E-mail the funder members of the dialogue that a report was published."""
    return _notify_funders(report_id, "published")


@mail_task("reports.tasks.report_notify_withdrawn")
def report_notify_withdrawn(report_id: int) -> int:
    """E-mail the funder members of the dialogue that a published report was withdrawn."""
    return _notify_funders(report_id, "withdrawn")


def _notify_funders(report_id: int, status: str) -> int:
    """E-mail the dialogue's funder members about `report_id` if it is (still) in `status`
    when the task runs: nothing is sent for a report published, then withdrawn before the
    mail went out, but "published".

    The e-mail names only the dialogue's code name and carries a link: nothing of the
    report itself (e-mail is not a confidential channel).
    """
    from reports.models import Report
    from reports.selectors import funder_members

    report = Report.objects.select_related("dialogue").filter(pk=report_id).first()
    if report is None or report.status != status:
        return 0
    recipients = list(funder_members(report.dialogue).values_list("user__email", "user__language"))
    if report.is_withdrawn:
        kind, where = "withdrawn", reverse("reports:funder-dashboard")
    else:
        kind = "ready"
        where = reverse(
            "reports:detail", kwargs={"dialogue_id": report.dialogue_id, "report_id": report.pk}
        )
    context = {"code_name": report.dialogue.code_name, "link": settings.SITE_URL + where}
    messages = []
    for email, language in recipients:
        # Each funder reads it in their own language (User.language), else English.
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = render_to_string(f"reports/email/report_{kind}_subject.txt", context)
            body = render_to_string(f"reports/email/report_{kind}.txt", context)
        messages.append((subject.strip(), body, settings.DEFAULT_FROM_EMAIL, [email]))
    return send_mass_mail(messages, fail_silently=False)
