"""Funder reports: organizers create, review, rebuild and publish; funders read what
was published. Other members get 403, non-members 404 (trackii.privacy.access)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogues.models import Round
from reports import selectors, services
from reports.build import period_options
from reports.forms import (
    NarrativeForm,
    OptionReviewFilterForm,
    OptionTitlesForm,
    ReportCreateForm,
)
from reports.models import Report
from reports.selectors import spending_for
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}
READERS = {Role.ORGANIZER, Role.FUNDER}
POLL_STOP = 286  # htmx: stop polling
OPTIONS_PER_PAGE = 50  # checkboxes on one page of the review (a big dialogue has thousands)
DETAIL_TEMPLATE = "reports/report_detail.html"


def _rounds(access, user):
    return Round.objects.visible_to(user).filter(dialogue=access.dialogue).order_by("starts_on")


def _list_page(request, access, form, status=200):
    reports = Report.objects.visible_to(request.user).filter(dialogue=access.dialogue)
    page = Paginator(reports.order_by("-created_at", "-id"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "reports": page.object_list, "form": form}
    return render(request, "reports/report_list.html", context, status=status)


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
            messages.success(request, _("Report created."))
            return redirect("reports:detail", access.dialogue.pk, report.pk)
    return _list_page(request, access, form, status=422)


def _get_report(request, access, report_id):
    report = get_visible_or_404(
        Report.objects.filter(dialogue=access.dialogue), request.user, pk=report_id
    )
    report.dialogue = access.dialogue  # loaded already by the access check
    return report


def _review_context(request, access, report, *, options_form=None) -> dict:
    """One page of the period's options to choose titles from, with the review's filter:
    organizers only, while the report is a draft. The full page and its htmx fragment
    are built here alike. The page and filter come from the query string, on a POST too
    (the form posts to its page's address)."""
    if not (access.is_organizer and not report.is_frozen):
        return {"report": report, "period_options": [], "options_form": options_form}
    review_filter = OptionReviewFilterForm(request.GET or None)
    options = review_filter.apply(period_options(report=report, actor=request.user))
    page = Paginator(options, OPTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "report": report,
        "review_filter": review_filter,
        "page": page,
        "period_options": list(page.object_list),
        "per_page": OPTIONS_PER_PAGE,
        "options_form": options_form,
    }


def _review_query(request) -> str:
    """The review's page and filter from the query string, checked, for going back to it."""
    review_filter = OptionReviewFilterForm(request.GET or None)
    query = {}
    if review_filter.is_bound and review_filter.is_valid() and review_filter.cleaned_data["show"]:
        query["show"] = review_filter.cleaned_data["show"]
    if request.GET.get("page", "").isdigit():
        query["page"] = request.GET["page"]
    return f"?{urlencode(query)}" if query else ""


def _body_context(request, access, report) -> dict:
    """The report's body with the reader's spending lines (reports.selectors)."""
    spending = spending_for(
        snapshot=report.snapshot,
        user=request.user,
        dialogue=access.dialogue,
        is_organizer=access.is_organizer,
    )
    return {**selectors.report_body(report), "spending": spending}


def _detail_page(request, access, report, *, narrative_form=None, options_form=None, status=200):
    reviewing = access.is_organizer and not report.is_frozen
    if narrative_form is None and reviewing:
        narrative_form = NarrativeForm(initial={"narrative": report.narrative})
    review = _review_context(request, access, report, options_form=options_form)
    htmx = request.htmx and not request.htmx.history_restore_request
    if reviewing and htmx and request.method == "GET":
        response = render(request, f"{DETAIL_TEMPLATE}#option-review", review, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response
    context = {
        **_body_context(request, access, report),
        "narrative_form": narrative_form,
        # Organizers only, while reviewing: one page of the period's titles to choose from.
        **review,
    }
    response = render(request, DETAIL_TEMPLATE, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@dialogue_view(roles=READERS)
def report_detail(request, access, report_id):
    return _detail_page(request, access, _get_report(request, access, report_id))


@require_GET
@dialogue_view(roles=READERS)
def report_pdf(request, access, report_id):
    """The report's PDF as a download (funders: published reports only). Every download
    is audited (ids only). Before the PDF is drawn, back to the report with a message."""
    report = _get_report(request, access, report_id)
    pdf = services.report_pdf_download(actor=request.user, report=report, ip=client_ip(request))
    if pdf is None:
        messages.info(request, _("The PDF is still being prepared. Try again in a minute."))
        return redirect("reports:detail", access.dialogue.pk, report.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="trackii-report-{report.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@require_GET
@dialogue_view(roles=READERS)
def report_pdf_status(request, access, report_id):
    """The PDF link, polled by htmx every few seconds while the PDF is being drawn, so
    that it appears when ready; 286 stops the polling once it is there."""
    report = _get_report(request, access, report_id)
    status = POLL_STOP if report.pdf_ready else 200
    context = {"report": report, "snap": report.snapshot}
    return render(request, f"{DETAIL_TEMPLATE}#pdf", context, status=status)


@require_GET
@dialogue_view(roles=ORGANIZERS)
def report_progress(request, access, report_id):
    """The progress partial, polled by htmx every second while building; 286 stops it."""
    report = _get_report(request, access, report_id)
    status = 200 if report.status == Report.Status.BUILDING else POLL_STOP
    return render(request, "reports/report_detail.html#progress", {"report": report}, status=status)


def _report_action(request, access, report, action, done: str, *, back: str = ""):
    """Run `action(actor=..., report=...)` and go back to the report (at `back`, a query
    string and fragment), saying how it went. A refusal (a published report, one not
    built yet) is a message, not an error page. Every POST view of a report ends here."""
    try:
        action(actor=request.user, report=report)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, done)
    return redirect(reverse("reports:detail", args=[access.dialogue.pk, report.pk]) + back)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_narrative(request, access, report_id):
    report = _get_report(request, access, report_id)
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, report, narrative_form=form, status=422)
    narrative = form.cleaned_data["narrative"]
    return _report_action(
        request,
        access,
        report,
        lambda **kw: services.report_update_narrative(**kw, narrative=narrative),
        _("Narrative saved."),
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_option_titles(request, access, report_id):
    """Save which option titles the report shows, then rebuild it. Only the options the
    submitted page showed change; then back to that page of the review."""
    report = _get_report(request, access, report_id)
    form = OptionTitlesForm(request.POST, options=period_options(report=report, actor=request.user))
    if not form.is_valid():
        return _detail_page(request, access, report, options_form=form, status=422)
    chosen = [o.pk for o in form.cleaned_data["publishable"]]
    shown = form.shown_ids()
    return _report_action(
        request,
        access,
        report,
        lambda **kw: services.report_set_option_titles(**kw, publishable=chosen, shown=shown),
        _("Option titles saved. The figures are computed again with them."),
        back=f"{_review_query(request)}#option-choice-heading",
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def report_rebuild(request, access, report_id):
    return _report_action(
        request,
        access,
        _get_report(request, access, report_id),
        services.report_rebuild,
        _("The figures are being computed again."),
    )


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def report_publish(request, access, report_id):
    """GET: the report as its funders will read it, who will be told, and a confirmation.
    POST: publish it."""
    return _confirmed(
        request,
        access,
        report_id,
        "publish",
        services.report_publish,
        _("Published. The dialogue's funders have been told."),
    )


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def report_withdraw(request, access, report_id):
    """GET: what withdrawing a published report does, and a confirmation. POST: withdraw."""
    return _confirmed(
        request,
        access,
        report_id,
        "withdraw",
        services.report_withdraw,
        _("Withdrawn. The dialogue's funders have been told; the frozen copy is kept."),
    )


def _confirmed(request, access, report_id, action: str, write, done: str):
    """An action that funders see at once: POST does it; GET asks first, saying who sees
    it at once, with the report as funders will read it before publishing (no spending:
    each funder sees only its own lines). A report not in the state the action needs
    gets the page with the reason and no button."""
    report = _get_report(request, access, report_id)
    if request.method == "POST":
        return _report_action(request, access, report, write, done)
    needs = Report.Status.READY if action == "publish" else Report.Status.PUBLISHED
    possible = report.status == needs
    preview = possible and action == "publish"
    context = {
        **(selectors.report_body(report) if preview else {"report": report}),
        "action": action,
        "possible": possible,
        "preview": preview,
        "funders": selectors.funder_members(access.dialogue).count(),
    }
    response = render(request, "reports/report_confirm.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
def funder_dashboard(request):
    """The dialogues the user funds, by code name, each with its published reports,
    trends across them, and the user's own funding periods and reports due.
    Anyone logged in may open it; it lists nothing for a user who funds nothing."""
    return render(
        request, "reports/funder_dashboard.html", {"rows": selectors.funder_dashboard(request.user)}
    )
