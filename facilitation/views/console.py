"""The live console of a session (docs/facilitation.md).

Who: organizers of the dialogue and the session's own facilitators write; the dialogue's
other facilitators read it without writing; participants, observers and funders get 403;
non-members 404. Every read goes through visible_to; every write through facilitation.entries.
"""

import copy
import secrets
from html import unescape

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dialogues.models import Side
from facilitation import entries, live
from facilitation.entries import EditConflict
from facilitation.forms_entries import (
    CloseForm,
    NoteEditForm,
    OptionForm,
    OptionStancesForm,
    OptionTransitionForm,
    QuickEntryForm,
    ReadingLinkForm,
    TidyForm,
    TrustReadingForm,
    TrustStepForm,
)
from facilitation.forms_reading import AnonymousReadingForm
from facilitation.models import Note, Option, OptionStance, ReadingLink, TrustStep
from facilitation.queue_key import queue_key
from trackii import i18n
from trackii.lib import ratelimit
from trackii.privacy import pickers
from trackii.privacy.access import dialogue_view, get_visible_or_404, resolve_access
from trackii.privacy.audit import audit_record, audit_restricted_reads, client_ip
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES, Role

CONSOLE = "facilitation/console.html"
EDITOR = "facilitation/console_edit.html"
READING = "facilitation/console_reading.html"

#: Anonymous readings through one link: enough for a full room answering twice.
READINGS_PER_LINK = (120, 600)  # at most 120 in 10 minutes
#: Unknown or dead tokens from one address (counted in the cache only, address hashed).
BAD_TOKENS_PER_ADDRESS = (30, 600)
#: Answers through any reading link from one address: a room behind one hotel address
#: answering twice fits; one person dropping their cookie to answer again does not go far.
READING_POSTS_PER_ADDRESS = (60, 600)
READING_POSTS_SCOPE = "reading-post"
#: The cookie holding a browser's random key for reading links (see _holder_key).
HOLDER_COOKIE = "trackii_reading_holder"
HOLDER_COOKIE_AGE = 72 * 60 * 60  # as long as a reading link may live

#: How many of the latest entries of each kind the console shows at a time ("Show
#: earlier" loads the next ones): a console is used live, often on poor connections and
#: for long sessions, and must stay light.
RECENT = 50

GONE = _lazy(
    "Saved. The entry is now restricted to its author and the members granted it, so it "
    "is no longer shown to you."
)

#: kind -> (model, form, update service, fields the service takes)
EDITABLE = {
    "note": (
        Note,
        NoteEditForm,
        entries.note_update,
        # `speaker` (typed before speakers were chosen) is in the form only where kept.
        ["text", "level", "speaker_participant", "speaker_side", "speaker", "tags"],
    ),
    "step": (
        TrustStep,
        TrustStepForm,
        entries.trust_step_update,
        ["kind", "sides", "observed", "effect", "level", "tags"],
    ),
    "option": (
        Option,
        OptionForm,
        entries.option_update,
        [
            "title",
            "text",
            "level",
            "sides",
            "proposed_by",
            "topics",
            "tags",
            "derived_from",
            "lineage_kind",
        ],
    ),
}


def _session(request, access, session_id):
    session = live.console_session(request.user, dialogue=access.dialogue, session_id=session_id)
    if session is None:
        raise Http404
    return session


def _require_write(session):
    if not session.can_write:
        raise PermissionDenied


def console_url(access, session, anchor: str = "") -> str:
    url = reverse("facilitation:console", args=[access.dialogue.pk, session.pk])
    return f"{url}#{anchor}" if anchor else url


def _base_context(access, session) -> dict:
    return {"session": session, "round": session.round, "can_write": session.can_write}


def _before(request, name: str) -> int | None:
    """The id below which a column starts (?notes_before=123): an older page of it."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


def _page_of(entries_, before: int | None) -> tuple[list, int | None]:
    """The newest RECENT entries (below `before`), and the id to ask for the next page
    with (None when there is no older entry)."""
    if before is not None:
        entries_ = entries_.filter(pk__lt=before)
    # The page's ids first, in a subquery of the same query: PostgreSQL misjudges how many
    # rows visible_to leaves and joined the authors to every entry of a long session
    # before sorting (116 ms for 2,600 notes); this way it joins them to the page only.
    rows = list(entries_.filter(pk__in=entries_.values("pk")[: RECENT + 1]))
    if len(rows) > RECENT:
        return rows[:RECENT], rows[RECENT - 1].pk
    return rows, None


#: kind -> (console column, reader of the session's entries of that kind)
COLUMNS = {
    "note": ("notes", live.notes_for),
    "step": ("steps", live.steps_for),
    "option": ("options", live.options_for),
}


def _console_context(request, access, session, **forms) -> dict:
    """Everything the console page shows. Fixed number of queries whatever the entries:
    each column shows its newest RECENT entries, and "Show earlier" asks for the next ones."""
    user = request.user
    sides = list(Side.objects.filter(dialogue=access.dialogue))
    context = {
        **_base_context(access, session),
        "recent": RECENT,
        # The page only (never a fragment): console.js encrypts the offline queue with it.
        "queue_key": queue_key(user),
    }
    shown = []
    paged = False
    for column, reader in COLUMNS.values():
        before = _before(request, f"{column}_before")
        paged = paged or before is not None
        rows, more = _page_of(reader(user, session), before)
        context[column] = rows
        context[f"{column}_more"] = more
        shown.extend(rows)
    audit_restricted_reads(actor=user, items=shown, ip=client_ip(request))
    attendance, summary = live.closing_record(user, session)
    context.update(
        paged=paged,
        readings=live.reading_summary(session, sides),
        attendance=attendance,
        summary=summary,
    )
    if session.can_write:
        context.update(
            entry_form=forms.get("entry_form")
            or QuickEntryForm(dialogue=access.dialogue, **_speakers(request, access, session)),
            reading_form=forms.get("reading_form") or TrustReadingForm(sides=sides),
            link_form=forms.get("link_form") or ReadingLinkForm(sides=sides),
            links=live.live_links(session),
            close_form=forms.get("close_form")
            or CloseForm(sides=sides, attendance=attendance, summary=summary),
            tidy_form=TidyForm(),
        )
    return context


def _earlier(request, access, session, kind: str):
    """One older page of one column, for "Show earlier" (htmx): its entries and the next
    "Show earlier" link. Fixed number of queries."""
    column, reader = COLUMNS[kind]
    rows, more = _page_of(reader(request.user, session), _before(request, "before"))
    audit_restricted_reads(actor=request.user, items=rows, ip=client_ip(request))
    context = {
        **_base_context(access, session),
        "column": column,
        "kind": kind,
        "rows": rows,
        "more": more,
    }
    return render(request, f"{CONSOLE}#earlier", context)


def _render_console(request, access, session, status=200, **forms):
    return render(
        request, CONSOLE, _console_context(request, access, session, **forms), status=status
    )


@dialogue_view(roles=TEAM_ROLES)
def console(request, access, session_id):
    session = _session(request, access, session_id)
    kind = request.GET.get("earlier")
    if request.htmx and kind in COLUMNS:
        return _earlier(request, access, session, kind)
    return _render_console(request, access, session)


#: At most this many changed entries of a kind in one poll answer (205 beyond: reload).
POLL_LIMIT = 200


def _changed(entries_) -> list:
    """The changed entries of a poll, POLL_LIMIT + 1 at most, read by their ids (see
    _page_of)."""
    return list(entries_.filter(pk__in=entries_.values("pk")[: POLL_LIMIT + 1]))


@require_GET
def console_poll(request, dialogue_id, session_id):
    """What changed in the session since revision `since`.

    Nothing changed: 204 after one query of ours (role and revision together) beyond
    the user's row (the login session comes from the cache). Else the changed entries the
    user may read, as HTML for console.js, the ids of entries that left the console, and
    the new revision in the X-Console-Revision header; 205 when more than POLL_LIMIT
    entries of a kind changed (the console asks for a reload).
    """
    poll = live.poll_access(request.user, dialogue_id=dialogue_id, session_id=session_id)
    if poll is None:
        raise Http404
    if poll.role not in TEAM_ROLES:
        raise PermissionDenied
    if poll.revision is None:
        raise Http404
    try:
        since = max(int(request.GET.get("since", "0")), 0)
    except ValueError:
        since = 0
    if since >= poll.revision:
        return HttpResponse(status=204)
    access = resolve_access(request.user, dialogue_id)
    request.access = access
    session = _session(request, access, session_id)
    user = request.user
    sides = list(Side.objects.filter(dialogue=access.dialogue))
    notes, steps, options = (
        _changed(reader(user, session, since)) for _column, reader in COLUMNS.values()
    )
    if max(len(notes), len(steps), len(options)) > POLL_LIMIT:
        # Too much changed to send (a console left behind, or ?since=0): the console
        # says to reload instead. Nothing unbounded is rendered.
        response = HttpResponse(status=205)
        response["X-Console-Revision"] = str(poll.revision)
        return response
    audit_restricted_reads(actor=user, items=[*notes, *steps, *options], ip=client_ip(request))
    # Entries that left the team's view; whoever still reads one gets it back above instead.
    still_read = {
        *(f"note-{n.pk}" for n in notes),
        *(f"step-{s.pk}" for s in steps),
        *(f"option-{o.pk}" for o in options),
    }
    context = {
        **_base_context(access, session),
        "notes": notes,
        "steps": steps,
        "options": options,
        "removed": sorted(live.removals_since(session, since) - still_read),
        "readings": live.reading_summary(session, sides),
    }
    response = render(request, f"{CONSOLE}#feed", context)
    response["X-Console-Revision"] = str(poll.revision)
    return response


def _error_list(form) -> list[str]:
    """The form's errors as plain text for console.js (which shows them as text): the
    <bdi> around names in labels and messages is for HTML pages only."""
    messages_ = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages_.extend(unescape(strip_tags(f"{label}: {e}" if label else str(e))) for e in errors)
    return messages_


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def console_entry(request, access, session_id):
    """The quick-entry box. console.js sends it with X-Trackii-Queue and reads JSON: 201
    stored, 200 already stored (a retry), 422 refused with the reasons. Without JS it
    redirects back to the console, or shows it again with the errors and the text."""
    session = _session(request, access, session_id)
    _require_write(session)
    queued = request.headers.get("X-Trackii-Queue") == "1"
    form = QuickEntryForm(
        request.POST, dialogue=access.dialogue, **_speakers(request, access, session)
    )
    if form.is_valid():
        try:
            entry, created = entries.entry_create(
                actor=request.user, session=session, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            anchor = f"{form.cleaned_data['kind']}-{entry.pk}"
            if queued:
                return JsonResponse(
                    {"stored": "created" if created else "exists", "id": anchor},
                    status=201 if created else 200,
                )
            messages.success(request, _("Saved.") if created else _("Already saved."))
            return redirect(console_url(access, session, anchor))
    if queued:
        return JsonResponse({"errors": _error_list(form)}, status=422)
    return _render_console(request, access, session, status=422, entry_form=form)


def _entry(request, access, session, kind, pk):
    model = EDITABLE[kind][0]
    entry = get_visible_or_404(model.objects.filter(session=session), request.user, pk=pk)
    if entry.is_restricted:
        audit_record(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=request.user,
            dialogue=access.dialogue,
            obj=entry,
            ip=client_ip(request),
        )
    return entry


def _speakers(request, access, session, note=None) -> dict:
    """The speaker choices of a note in `session`, for the note forms: the round's
    participants, and the note's current speaker (if the user may see them)."""
    return {
        "speakers": entries.speakers_for(
            request.user,
            dialogue_id=access.dialogue.pk,
            round_id=session.round_id,
            keep=note.speaker_participant_id if note is not None else None,
        ),
        "role": access.role,
    }


def _option_parents(request, access, option):
    return (
        Option.objects.visible_to(request.user)
        .filter(dialogue=access.dialogue)
        .exclude(pk=option.pk)
        .order_by("-created_at", "-id")
    )


def _make_form(kind, access, request, entry, data=None):
    form_class = EDITABLE[kind][1]
    extra = {"parents": _option_parents(request, access, entry)} if kind == "option" else {}
    if kind == "note":
        extra = _speakers(request, access, entry.session, note=entry)
    form = form_class(data, instance=entry, dialogue=access.dialogue, **extra)
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


def _edit_url(access, session_id, kind, pk) -> str:
    return reverse(f"facilitation:console-{kind}-edit", args=[access.dialogue.pk, session_id, pk])


def _editor_context(request, access, session, kind, entry, form, **more) -> dict:
    context = {
        **_base_context(access, session),
        "kind": kind,
        "entry": entry,
        "form": form,
        "edit_url": _edit_url(access, session.pk, kind, entry.pk),
    }
    if kind == "option":
        context.update(
            transition_form=more.pop("transition_form", None) or OptionTransitionForm(option=entry),
            stances_form=more.pop("stances_form", None)
            or OptionStancesForm(option=entry, sides=Side.objects.filter(dialogue=access.dialogue)),
            events=entry.events.select_related("by"),
        )
    context.update(more)
    return context


def _render_editor(request, context, status=200):
    template = f"{EDITOR}#editor" if request.htmx else EDITOR
    return render(request, template, context, status=status)


def _render_entry(request, access, session, kind, entry):
    """After a successful edit: the entry itself (htmx) or back to the console."""
    user = request.user
    fresh = {
        "note": lambda: live.notes_for(user, session),
        "step": lambda: live.steps_for(user, session),
        "option": lambda: live.options_for(user, session),
    }[kind]().filter(pk=entry.pk)
    item = fresh.first()
    if item is None:
        # Made restricted by someone who is neither its author nor granted it: saved, and
        # no longer theirs to read.
        if not request.htmx:
            messages.success(request, GONE)
            return redirect(console_url(access, session))
        return render(request, f"{CONSOLE}#entry-gone", {"gone": GONE})
    if not request.htmx:
        return redirect(console_url(access, session, f"{kind}-{entry.pk}"))
    context = {**_base_context(access, session), kind: item}
    return render(request, f"{CONSOLE}#{kind}-entry", context)


CONFLICT_MESSAGE = _lazy(
    "Someone else changed this entry meanwhile. Nothing was overwritten: open it again, "
    "look at theirs and make your change again."
)


def _queued(request) -> bool:
    """Sent from console.js's queue (kept in the browser while offline): answer JSON."""
    return request.headers.get("X-Trackii-Queue") == "1"


def _queued_answer(kind, entry, *, created: bool) -> JsonResponse:
    """200 for a queued change: "updated", or "exists" when a retry finds it applied."""
    return JsonResponse(
        {"stored": "updated" if created else "exists", "id": f"{kind}-{entry.pk}"}, status=200
    )


def _already_applied(current, data, fields) -> bool:
    """Whether an edit refused as a conflict is already in the entry: a queued edit sent
    again after its answer was lost. Compared on the entry's own fields (not its sides,
    topics or lineage)."""
    many = {f.name for f in current._meta.many_to_many} | {"derived_from", "lineage_kind"}
    simple = [f for f in fields if f not in many and f in data]
    return all(getattr(current, f) == data[f] for f in simple)


def _edit(request, access, session_id, kind, pk):
    session = _session(request, access, session_id)
    _require_write(session)
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
    queued = _queued(request)
    if form.is_valid():
        data = form.cleaned_data
        service, fields = EDITABLE[kind][2], EDITABLE[kind][3]
        try:
            service(
                actor=request.user,
                **{kind: entry},
                version=data["version"],
                **{f: data[f] for f in fields if f in data},
            )
        except ValidationError as e:
            form.add_error(None, e)
        except EditConflict:
            if queued:
                current = EDITABLE[kind][0].objects.visible_to(request.user).filter(pk=pk).first()
                if current is not None and _already_applied(current, data, fields):
                    return _queued_answer(kind, entry, created=False)
                return JsonResponse({"errors": [str(CONFLICT_MESSAGE)]}, status=409)
            # Show theirs, keep ours: the form keeps what was typed and now carries the
            # current version, so saving again replaces theirs knowingly.
            conflict = get_visible_or_404(
                EDITABLE[kind][0].objects.filter(session=session), request.user, pk=pk
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
        return JsonResponse({"errors": _error_list(form)}, status=status)
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


def _option_action(request, access, session_id, option_id, form_name, build, act, applied):
    session = _session(request, access, session_id)
    _require_write(session)
    option = _entry(request, access, session, "option", option_id)
    form = build(option)
    status = 422
    queued = _queued(request)
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
                return JsonResponse(
                    {
                        "errors": [
                            _(
                                "Someone else changed this option meanwhile (it is now: "
                                "%(state)s). Nothing was changed."
                            )
                            % {"state": option.get_state_display()}
                        ]
                    },
                    status=409,
                )
            form = build(option)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone else changed this option meanwhile (it is now: %(state)s). "
                    "Nothing was changed; look again and retry."
                )
                % {"state": option.get_state_display()},
            )
            status = 409
        else:
            if queued:
                return _queued_answer("option", option, created=True)
            return _render_entry(request, access, session, "option", option)
    if queued:
        return JsonResponse({"errors": _error_list(form)}, status=status)
    main_form = _make_form("option", access, request, option)
    context = _editor_context(
        request, access, session, "option", option, main_form, **{form_name: form}
    )
    return _render_editor(request, context, status=status)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def option_transition(request, access, session_id, option_id):
    def act(option, form):
        entries.option_transition(
            actor=request.user,
            option=option,
            from_state=form.cleaned_data["from_state"],
            to_state=form.cleaned_data["to_state"],
            reason=form.cleaned_data["reason"],
        )

    def applied(option, form):
        # A retry of this very move: the option is where it was sent, by this user's move
        # with this reason.
        last = option.events.order_by("-at", "-id").first()
        return (
            option.state == form.cleaned_data["to_state"]
            and last is not None
            and last.by_id == request.user.pk
            and last.from_state == form.cleaned_data["from_state"]
            and last.reason == form.cleaned_data["reason"]
        )

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


def _stance_targets(form) -> dict:
    """The stances a stances form sets: side id -> stance, for the sides it changes."""
    return {side.pk: stance for side, (seen, stance) in form.changes().items() if seen != stance}


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def option_stances(request, access, session_id, option_id):
    sides = list(Side.objects.filter(dialogue=access.dialogue))

    def act(option, form):
        entries.option_stances_set(actor=request.user, option=option, changes=form.changes())

    def applied(option, form):
        current = dict(option.stances.values_list("side_id", "stance"))
        return all(
            current.get(side_id, OptionStance.Stance.UNKNOWN) == stance
            for side_id, stance in _stance_targets(form).items()
        )

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


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_create(request, access, session_id):
    """A facilitator's quick trust reading for one or more sides."""
    session = _session(request, access, session_id)
    _require_write(session)
    sides = list(Side.objects.filter(dialogue=access.dialogue))
    form = TrustReadingForm(request.POST, sides=sides)
    if form.is_valid():
        try:
            entries.trust_readings_record(
                actor=request.user,
                session=session,
                readings=form.cleaned_data["readings"],
                client_key=form.cleaned_data["client_key"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Reading saved."))
            return redirect(console_url(access, session, "readings"))
    return _render_console(request, access, session, status=422, reading_form=form)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_link_create(request, access, session_id):
    """Open a private link for anonymous readings; its address is shown this once."""
    session = _session(request, access, session_id)
    _require_write(session)
    form = ReadingLinkForm(request.POST, sides=Side.objects.filter(dialogue=access.dialogue))
    if not form.is_valid():
        return _render_console(request, access, session, status=422, link_form=form)
    try:
        link, token = entries.reading_link_create(
            actor=request.user, session=session, **form.cleaned_data
        )
    except ValidationError as e:
        form.add_error(None, e)
        return _render_console(request, access, session, status=422, link_form=form)
    url = request.build_absolute_uri(reverse("reading:form", args=[token]))
    context = {**_base_context(access, session), "link": link, "url": url}
    return render(request, "facilitation/console_link.html", context)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_link_revoke(request, access, session_id, link_id):
    session = _session(request, access, session_id)
    _require_write(session)
    link = ReadingLink.objects.visible_to(request.user).filter(session=session, pk=link_id).first()
    if link is None:
        raise Http404
    entries.reading_link_revoke(actor=request.user, link=link)
    messages.success(request, _("The link no longer works."))
    return redirect(console_url(access, session, "readings"))


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def session_close(request, access, session_id):
    """Close the session with attendance and a summary (or correct them once closed)."""
    session = _session(request, access, session_id)
    _require_write(session)
    sides = list(Side.objects.filter(dialogue=access.dialogue))
    form = CloseForm(request.POST, sides=sides)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            entries.session_close(
                actor=request.user,
                session=session,
                attendance=form.attendance(),
                summary=data["summary"],
                summary_level=data["summary_level"],
                summary_version=data["summary_version"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed the summary meanwhile. Nothing was saved: "
                    "reload the page to see theirs, then add yours."
                ),
            )
            status = 409
        else:
            messages.success(request, _("Session closed. Tidy the entries below."))
            return redirect(console_url(access, session, "closing"))
    return _render_console(request, access, session, status=status, close_form=form)


@require_POST
@dialogue_view(roles=[Role.ORGANIZER])
def session_reopen(request, access, session_id):
    session = _session(request, access, session_id)
    entries.session_reopen(actor=request.user, session=session)
    messages.success(request, _("Session reopened: entries can be logged again."))
    return redirect(console_url(access, session))


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def console_tidy(request, access, session_id):
    """Set the level of the selected entries (after the session, to mark what is reportable)."""
    session = _session(request, access, session_id)
    _require_write(session)
    form = TidyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select entries and a level first."))
        return redirect(console_url(access, session, "closing"))
    changed, skipped = entries.entries_set_level(
        actor=request.user,
        session=session,
        items=form.cleaned_items(),
        level=form.cleaned_data["level"],
    )
    messages.success(request, _("%(n)d entries changed.") % {"n": changed})
    if skipped:
        messages.warning(
            request,
            _(
                "%(n)d entries were changed by someone else meanwhile and were left as they "
                "are: look at them again."
            )
            % {"n": skipped},
        )
    return redirect(console_url(access, session, "closing"))


def _holder_key(request) -> tuple[str, bool]:
    """The random key this browser holds for reading links (HOLDER_COOKIE), and whether it
    is new (to be set on the answer). Only a keyed digest of it is ever stored."""
    key = request.get_signed_cookie(HOLDER_COOKIE, default=None, salt=HOLDER_COOKIE)
    if key:
        return key, False
    return secrets.token_urlsafe(24), True


def _set_holder_cookie(response, key: str) -> None:
    # Path /i/ rather than the link's own path: the path would write the token into a
    # header. Strict, httponly, signed; it names nothing and lives as long as a link may.
    response.set_signed_cookie(
        HOLDER_COOKIE,
        key,
        salt=HOLDER_COOKIE,
        max_age=HOLDER_COOKIE_AGE,
        path="/i/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


@login_not_required
@never_cache
def reading_form(request, token):
    """The private link: an anonymous trust reading, no account. The page names neither
    the dialogue nor the session; the reading keeps no trace of who gave it.

    Against ballot stuffing (issue 13): one reading per browser and link (a second answer
    replaces the first, see entries.anonymous_reading_record), the link's side only, no
    reading once the session is closed (its links are revoked), and at most
    READING_POSTS_PER_ADDRESS answers per address, for a browser that drops its cookie."""
    link = ReadingLink.objects.by_token(token).select_related("session__round", "side").first()
    if link is None:
        limit, window = BAD_TOKENS_PER_ADDRESS
        if not ratelimit.allow("reading-link-miss", client_ip(request), limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        raise Http404
    # The page speaks the browser's language (or the one chosen with its switcher): a
    # reading link is shared by a whole side, so no one person's preference applies.
    if switched := i18n.language_switch(request):
        return switched
    i18n.participant_language(request)
    form = AnonymousReadingForm(
        request.POST or None, dialogue=link.session.round.dialogue_id, side=link.side
    )
    status = 200
    if request.method == "POST":
        limit, window = READING_POSTS_PER_ADDRESS
        if not ratelimit.allow(READING_POSTS_SCOPE, client_ip(request), limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        limit, window = READINGS_PER_LINK
        if not ratelimit.allow("reading-link", link.token_hash, limit=limit, window=window):
            return render(request, READING, {"too_many": True}, status=429)
        if form.is_valid():
            key, new = _holder_key(request)
            try:
                entries.anonymous_reading_record(link=link, holder_key=key, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                response = render(request, READING, {"thanks": True})
                if new:
                    _set_holder_cookie(response, key)
                return response
        status = 422
    return render(request, READING, {"form": form}, status=status)
