"""Funder reports: organizers create, review, rebuild and publish; funders read what
was published. Other members get 403, non-members 404 (trackii.privacy.access)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dialogues.models import Dialogue, Round
from reports import services
from reports.charts import trust_chart
from reports.forms import NarrativeForm, ReportCreateForm
from reports.models import Report
from trackii.lib.safemarkdown import render as render_markdown
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}
READERS = {Role.ORGANIZER, Role.FUNDER}
POLL_STOP = 286  # htmx: stop polling


def _rounds(access, user):
    return Round.objects.visible_to(user).filter(dialogue=access.dialogue).order_by("starts_on")


def _list_page(request, access, form, status=200):
    reports = Report.objects.visible_to(request.user).filter(dialogue=access.dialogue)
    return render(
        request, "reports/report_list.html", {"reports": reports, "form": form}, status=status
    )


@dialogue_view(roles=READERS)
def report_list(request, access):
    if request.method != "POST":
        form = (
            ReportCreateForm(rounds=_rounds(access, request.user)) if access.is_organizer else None
        )
        return _list_page(request, access, form)
    access.require(ORGANIZERS)
    form = ReportCreateForm(request.POST, rounds=_rounds(access, request.user))
    if form.is_valid():
        try:
            report = services.report_create(
                actor=request.user, dialogue=access.dialogue, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Report created; its figures are being computed."))
            return redirect("reports:detail", access.dialogue.pk, report.pk)
    return _list_page(request, access, form, status=422)


def _get_report(request, access, report_id):
    return get_visible_or_404(
        Report.objects.filter(dialogue=access.dialogue), request.user, pk=report_id
    )


def _detail_page(request, access, report, narrative_form=None, status=200):
    if narrative_form is None and access.is_organizer and not report.is_published:
        narrative_form = NarrativeForm(initial={"narrative": report.narrative})
    context = {
        "report": report,
        "snap": report.snapshot,
        "chart": trust_chart(report.snapshot.get("trust_trend") or {}),
        "narrative_html": render_markdown(report.narrative),
        "narrative_form": narrative_form,
    }
    return render(request, "reports/report_detail.html", context, status=status)


@require_GET
@dialogue_view(roles=READERS)
def report_detail(request, access, report_id):
    return _detail_page(request, access, _get_report(request, access, report_id))


@require_GET
@dialogue_view(roles=ORGANIZERS)
def report_progress(request, access, report_id):
    """The progress partial, polled by htmx every second while building; 286 stops it."""
    report = _get_report(request, access, report_id)
    status = 200 if report.status == Report.Status.BUILDING else POLL_STOP
    return render(request, "reports/report_detail.html#progress", {"report": report}, status=status)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_narrative(request, access, report_id):
    report = _get_report(request, access, report_id)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.report_update_narrative(
                actor=request.user, report=report, narrative=form.cleaned_data["narrative"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Narrative saved."))
        return redirect("reports:detail", access.dialogue.pk, report.pk)
    return _detail_page(request, access, report, narrative_form=form, status=422)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_rebuild(request, access, report_id):
    report = _get_report(request, access, report_id)
    try:
        services.report_rebuild(actor=request.user, report=report)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The figures are being computed again."))
    return redirect("reports:detail", access.dialogue.pk, report.pk)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_publish(request, access, report_id):
    report = _get_report(request, access, report_id)
    try:
        services.report_publish(actor=request.user, report=report)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Published. The dialogue's funders have been told."))
    return redirect("reports:detail", access.dialogue.pk, report.pk)


@require_GET
def funder_dashboard(request):
    """The dialogues the user funds, by code name, each with its published reports.
    Anyone logged in may open it; it lists nothing for a user who funds nothing."""
    funded = Membership.objects.dialogue_ids(request.user, {Role.FUNDER})
    dialogues = Dialogue.objects.filter(pk__in=funded).order_by("code_name")
    reports = (
        Report.objects.visible_to(request.user)
        .published()
        .filter(dialogue_id__in=funded)
        .order_by("-published_at", "-id")
        .values("pk", "dialogue_id", "title", "published_at")
    )
    by_dialogue: dict[int, list] = {}
    for r in reports:
        by_dialogue.setdefault(r["dialogue_id"], []).append(r)
    rows = [{"dialogue": d, "reports": by_dialogue.get(d.pk, [])} for d in dialogues]
    return render(request, "reports/funder_dashboard.html", {"rows": rows})
