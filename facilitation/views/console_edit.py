"""The console's editors: a note, trust step or option opened in place (htmx) or on its own
page, an option's move along its lifecycle and its sides' stances.

Each answers console.js's queue (X-Trackii-Queue) with JSON, htmx with the entry or the
editor, and a plain browser with a redirect or the editor page. Who may: as the console.
"""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from facilitation import console_reads, entries, replay
from facilitation.entries import KINDS, EditConflict
from facilitation.forms_entries import (
    NoteEditForm,
    OptionForm,
    OptionStancesForm,
    OptionTransitionForm,
    TrustStepForm,
)
from facilitation.models import Option
from facilitation.views.console import (
    CONSOLE,
    base_context,
    console_url,
    error_list,
    is_queued,
    speakers,
    writable_session,
)
from trackii.privacy import pickers
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import audit_record, client_ip
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES

EDITOR = "facilitation/console_edit.html"

GONE = _lazy(
    "Saved. The entry is now restricted to its author and the members granted it, so it "
    "is no longer shown to you."
)

CONFLICT_MESSAGE = _lazy(
    "Someone else changed this entry meanwhile. Nothing was overwritten: open it again, "
    "look at theirs and make your change again."
)

#: kind -> its editor's form
FORMS = {"note": NoteEditForm, "step": TrustStepForm, "option": OptionForm}


def _entry(request, access, session, kind, pk):
    entry = get_visible_or_404(KINDS[kind].objects.filter(session=session), request.user, pk=pk)
    if entry.is_restricted:
        audit_record(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=request.user,
            dialogue=access.dialogue,
            obj=entry,
            ip=client_ip(request),
        )
    return entry


def _edit_url(access, session_id, kind, pk) -> str:
    return reverse(f"facilitation:console-{kind}-edit", args=[access.dialogue.pk, session_id, pk])


def _make_form(kind, access, request, entry, data=None):
    extra = {}
    if kind == "option":
        extra = {
            "parents": console_reads.option_parents(
                request.user, dialogue=access.dialogue, option=entry
            )
        }
    elif kind == "note":
        extra = speakers(request, access, entry.session, note=entry)
    form = FORMS[kind](data, instance=entry, dialogue=access.dialogue, **extra)
    if kind == "option":
        # A dialogue may hold thousands of options: the newest and those searched for.
        pickers.narrow(
            request,
            form,
            "derived_from",
            url=_edit_url(access, entry.session_id, kind, entry.pk),
            search_label=_("Search option titles"),
            only=("title",),
        )
    return form


def _editor_context(request, access, session, kind, entry, form, **more) -> dict:
    context = {
        **base_context(session),
        "kind": kind,
        "entry": entry,
        "form": form,
        "edit_url": _edit_url(access, session.pk, kind, entry.pk),
    }
    if kind == "option":
        context.update(
            transition_form=more.pop("transition_form", None) or OptionTransitionForm(option=entry),
            stances_form=more.pop("stances_form", None)
            or OptionStancesForm(option=entry, sides=console_reads.sides_of(access.dialogue)),
            events=entry.events.select_related("by"),
        )
    context.update(more)
    return context


def _render_editor(request, context, status=200):
    template = f"{EDITOR}#editor" if request.htmx else EDITOR
    return render(request, template, context, status=status)


def _render_entry(request, access, session, kind, entry):
    """After a successful edit: the entry itself (htmx) or back to the console."""
    item = console_reads.console_entry(request.user, session, kind=kind, pk=entry.pk)
    if item is None:
        # Made restricted by someone who is neither its author nor granted it: saved, and
        # no longer theirs to read.
        if not request.htmx:
            messages.success(request, GONE)
            return redirect(console_url(access, session))
        return render(request, f"{CONSOLE}#entry-gone", {"gone": GONE})
    if not request.htmx:
        return redirect(console_url(access, session, f"{kind}-{entry.pk}"))
    context = {**base_context(session), kind: item}
    return render(request, f"{CONSOLE}#{kind}-entry", context)


def _queued_answer(kind, entry, *, created: bool) -> JsonResponse:
    """200 for a queued change: "updated", or "exists" when a retry finds it applied."""
    return JsonResponse(
        {"stored": "updated" if created else "exists", "id": f"{kind}-{entry.pk}"}, status=200
    )


def _edit(request, access, session_id, kind, pk):
    session = writable_session(request, access, session_id)
    entry = _entry(request, access, session, kind, pk)
    if request.method == "GET" and request.GET.get("show"):
        return _render_entry(request, access, session, kind, entry)
    if request.method != "POST":
        form = _make_form(kind, access, request, entry)
        if (choices := pickers.fragment(request, form)) is not None:
            return choices
        return _render_editor(request, _editor_context(request, access, session, kind, entry, form))
    form = _make_form(kind, access, request, entry, request.POST)
    status = 422
    conflict = None
    queued = is_queued(request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entries.entry_update(actor=request.user, kind=kind, entry=entry, data=data)
        except ValidationError as e:
            form.add_error(None, e)
        except EditConflict:
            if queued:
                if replay.edit_already_applied(request.user, kind=kind, pk=pk, data=data):
                    return _queued_answer(kind, entry, created=False)
                return JsonResponse({"errors": [str(CONFLICT_MESSAGE)]}, status=409)
            # Show theirs, keep ours: the form keeps what was typed and now carries the
            # current version, so saving again replaces theirs knowingly.
            conflict = get_visible_or_404(
                KINDS[kind].objects.filter(session=session), request.user, pk=pk
            )
            data = request.POST.copy()
            data["version"] = conflict.version
            # The form binds a copy: validating it writes what was typed into its instance.
            entry = copy.copy(conflict)
            form = _make_form(kind, access, request, entry, data)
            form.is_valid()
            status = 409
        else:
            if queued:
                return _queued_answer(kind, entry, created=True)
            return _render_entry(request, access, session, kind, entry)
    if queued:
        return JsonResponse({"errors": error_list(form)}, status=status)
    context = _editor_context(request, access, session, kind, entry, form, conflict=conflict)
    return _render_editor(request, context, status=status)


@dialogue_view(roles=TEAM_ROLES)
def note_edit(request, access, session_id, note_id):
    return _edit(request, access, session_id, "note", note_id)


@dialogue_view(roles=TEAM_ROLES)
def step_edit(request, access, session_id, step_id):
    return _edit(request, access, session_id, "step", step_id)


@dialogue_view(roles=TEAM_ROLES)
def option_edit(request, access, session_id, option_id):
    return _edit(request, access, session_id, "option", option_id)


def _moved_meanwhile(option, *, retry: bool) -> str:
    if retry:
        return _(
            "Someone else changed this option meanwhile (it is now: %(state)s). "
            "Nothing was changed."
        ) % {"state": option.get_state_display()}
    return _(
        "Someone else changed this option meanwhile (it is now: %(state)s). "
        "Nothing was changed; look again and retry."
    ) % {"state": option.get_state_display()}


def _option_action(request, access, session_id, option_id, form_name, build, act, applied):
    """A move or the stances of an option: `build` binds the form to an option, `act`
    writes it through its service, `applied` says whether a queued retry is stored."""
    session = writable_session(request, access, session_id)
    option = _entry(request, access, session, "option", option_id)
    form = build(option)
    status = 422
    queued = is_queued(request)
    if form.is_valid():
        try:
            act(option, form)
        except ValidationError as e:
            form.add_error(None, e)
        except EditConflict:
            option = get_visible_or_404(
                Option.objects.filter(session=session), request.user, pk=option_id
            )
            if queued:
                if applied(option, form):
                    return _queued_answer("option", option, created=False)
                return JsonResponse({"errors": [_moved_meanwhile(option, retry=True)]}, status=409)
            form = build(option)
            form.is_valid()
            form.add_error(None, _moved_meanwhile(option, retry=False))
            status = 409
        else:
            if queued:
                return _queued_answer("option", option, created=True)
            return _render_entry(request, access, session, "option", option)
    if queued:
        return JsonResponse({"errors": error_list(form)}, status=status)
    main_form = _make_form("option", access, request, option)
    context = _editor_context(
        request, access, session, "option", option, main_form, **{form_name: form}
    )
    return _render_editor(request, context, status=status)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def option_transition(request, access, session_id, option_id):
    def move(form) -> dict:
        return {k: form.cleaned_data[k] for k in ("from_state", "to_state", "reason")}

    def act(option, form):
        entries.option_transition(actor=request.user, option=option, **move(form))

    def applied(option, form):
        return replay.move_already_applied(option, actor=request.user, **move(form))

    return _option_action(
        request,
        access,
        session_id,
        option_id,
        "transition_form",
        lambda option: OptionTransitionForm(request.POST, option=option),
        act,
        applied,
    )


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def option_stances(request, access, session_id, option_id):
    sides = console_reads.sides_of(access.dialogue)

    def act(option, form):
        entries.option_stances_set(actor=request.user, option=option, changes=form.changes())

    def applied(option, form):
        return replay.stances_already_applied(option, changes=form.changes())

    return _option_action(
        request,
        access,
        session_id,
        option_id,
        "stances_form",
        lambda option: OptionStancesForm(request.POST, option=option, sides=sides),
        act,
        applied,
    )
