"""A dialogue's theory of change: the team reads it, organizers write it.

Statements are never deleted (reports refer to them); every edit keeps the
previous wording, shown on the statement's history page.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dialogues.forms.theory import (
    ChangeStatementForm,
    IndicatorForm,
    IndicatorValueForm,
    StatementPublishingForm,
)
from dialogues.models import Indicator, Side
from dialogues.selectors import statement_history, statement_indicators, theory_statements
from dialogues.services.theory import (
    change_statement_create,
    change_statement_publishing_set,
    change_statement_update,
    indicator_create,
    indicator_value_record,
)
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.roles import TEAM_ROLES, Role

ORGANIZERS = {Role.ORGANIZER}
TEMPLATE = "dialogues/theory.html"


def _statement_url(access, statement) -> str:
    url = reverse("dialogues:theory", kwargs={"dialogue_id": access.dialogue.pk})
    return f"{url}#statement-{statement.pk}"


def _theory_page(request, access, form, status=200):
    statements = theory_statements(dialogue=access.dialogue, user=request.user)
    page = Paginator(statements, 50).get_page(request.GET.get("page"))
    return render(request, TEMPLATE, {"page": page, "form": form}, status=status)


def _statement(request, access, statement_id):
    """One statement the user may read, with its edit count; 404 otherwise."""
    return get_visible_or_404(
        theory_statements(dialogue=access.dialogue, user=request.user),
        request.user,
        pk=statement_id,
    )


@require_http_methods(["GET"])
@dialogue_view(roles=TEAM_ROLES)
def theory(request, access):
    form = ChangeStatementForm() if access.is_organizer else None
    return _theory_page(request, access, form)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def theory_add(request, access):
    form = ChangeStatementForm(request.POST)
    if form.is_valid():
        try:
            statement = change_statement_create(
                actor=request.user, dialogue=access.dialogue, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Statement added."))
            return redirect(_statement_url(access, statement))
    return _theory_page(request, access, form, status=422)


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def theory_edit(request, access, statement_id):
    """Edit inline (htmx swaps the statement's row) or on a page of its own without JS."""
    statement = _statement(request, access, statement_id)
    auto_id = f"id_s{statement.pk}_%s"
    status = 200
    if request.method == "POST":
        form = ChangeStatementForm(request.POST, auto_id=auto_id, inline=request.htmx)
        if form.is_valid():
            try:
                change_statement_update(
                    actor=request.user, statement=statement, **form.cleaned_data
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                if request.htmx:
                    fresh = _statement(request, access, statement_id)
                    return render(
                        request, f"{TEMPLATE}#statement", {"statement": fresh, "refocus": True}
                    )
                messages.success(
                    request, _("Statement saved. The earlier wording is in its history.")
                )
                return redirect(_statement_url(access, statement))
        status = 422
    else:
        form = ChangeStatementForm(instance=statement, auto_id=auto_id, inline=request.htmx)
    template = f"{TEMPLATE}#statement-form" if request.htmx else "dialogues/theory_edit.html"
    return render(
        request,
        template,
        {"statement": statement, "form": form, "inline": bool(request.htmx)},
        status=status,
    )


@require_http_methods(["GET"])
@dialogue_view(roles=TEAM_ROLES)
def theory_history(request, access, statement_id):
    statement = _statement(request, access, statement_id)
    page, history = statement_history(statement, page_number=request.GET.get("page"))
    return render(
        request,
        "dialogues/theory_history.html",
        {"statement": statement, "history": history, "page": page},
    )


# --- Results: what funder reports show of a statement, and its indicators (issue #18).

RESULTS_TEMPLATE = "dialogues/theory_results.html"


def _results_url(access, statement) -> str:
    return reverse(
        "dialogues:theory-results",
        kwargs={"dialogue_id": access.dialogue.pk, "statement_id": statement.pk},
    )


def _sides(request, access):
    return Side.objects.visible_to(request.user).filter(dialogue=access.dialogue)


def _results_page(request, access, statement, status=200, **forms):
    """The statement's results page; `forms` replaces an unbound form by a bound one that
    failed, so what the organizer typed is shown with its errors."""
    indicators = statement_indicators(statement=statement, user=request.user)
    context = {"statement": statement, "indicators": indicators}
    if access.is_organizer:
        failed_value = forms.pop("value_form", None)
        for indicator in indicators:
            # One form per hand-measured indicator, with ids of its own; a refused value
            # stays with the indicator it was typed for, errors and all.
            if failed_value and failed_value.indicator_id == indicator.pk:
                indicator.value_form = failed_value
            elif indicator.measure == Indicator.Measure.MANUAL:
                indicator.value_form = IndicatorValueForm(auto_id=f"id_v{indicator.pk}_%s")
        context |= {
            "publishing_form": StatementPublishingForm(instance=statement),
            "indicator_form": IndicatorForm(sides=_sides(request, access)),
            **forms,
        }
    return render(request, RESULTS_TEMPLATE, context, status=status)


@require_http_methods(["GET"])
@dialogue_view(roles=TEAM_ROLES)
def theory_results(request, access, statement_id):
    """A statement's indicators and values, and (for organizers) what funders read of it."""
    return _results_page(request, access, _statement(request, access, statement_id))


def _write(request, access, statement, *, form, form_key: str, write, done: str):
    """One organizer write on the results page: the service, then back to the page with
    `done`; or the page again (422) with the form as typed and its errors."""
    if form.is_valid():
        try:
            write(**form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, done)
            return redirect(_results_url(access, statement))
    statement.refresh_from_db()  # a model form's validation set fields on its instance
    return _results_page(request, access, statement, status=422, **{form_key: form})


@require_POST
@dialogue_view(roles=ORGANIZERS)
def theory_publishing(request, access, statement_id):
    statement = _statement(request, access, statement_id)
    return _write(
        request,
        access,
        statement,
        form=StatementPublishingForm(request.POST, instance=statement),
        form_key="publishing_form",
        write=partial(change_statement_publishing_set, actor=request.user, statement=statement),
        done=_("Saved. Reports built from now on follow this choice."),
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def indicator_add(request, access, statement_id):
    statement = _statement(request, access, statement_id)
    return _write(
        request,
        access,
        statement,
        form=IndicatorForm(request.POST, sides=_sides(request, access)),
        form_key="indicator_form",
        write=partial(indicator_create, actor=request.user, statement=statement),
        done=_("Indicator added."),
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def indicator_value_add(request, access, statement_id, indicator_id):
    statement = _statement(request, access, statement_id)
    indicator = get_visible_or_404(
        Indicator.objects.filter(statement=statement), request.user, pk=indicator_id
    )
    form = IndicatorValueForm(request.POST, auto_id=f"id_v{indicator.pk}_%s")
    form.indicator_id = indicator.pk
    return _write(
        request,
        access,
        statement,
        form=form,
        form_key="value_form",
        write=partial(indicator_value_record, actor=request.user, indicator=indicator),
        done=_("Value recorded."),
    )
