"""The live console of a session (docs/facilitation.md): the page, its poll and the
quick-entry box. The editors are in console_edit.py; readings, reading links, closing and
tidying in console_closing.py; what the console shows in facilitation.console_reads.

Who: organizers of the dialogue and the session's own facilitators write; the dialogue's
other facilitators read it without writing; participants, observers and funders get 403;
non-members 404. Every read goes through visible_to; every write through facilitation.entries.
"""

from html import unescape

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from facilitation import console_reads, entries, live
from facilitation.forms_entries import (
    CloseForm,
    QuickEntryForm,
    ReadingLinkForm,
    TidyForm,
    TrustReadingForm,
)
from facilitation.queue_key import queue_key
from trackii.privacy.access import dialogue_view, resolve_access
from trackii.privacy.audit import audit_restricted_reads, client_ip
from trackii.privacy.roles import TEAM_ROLES

CONSOLE = "facilitation/console.html"


def session_or_404(request, access, session_id):
    session = live.console_session(request.user, dialogue=access.dialogue, session_id=session_id)
    if session is None:
        raise Http404
    return session


def require_write(session):
    if not session.can_write:
        raise PermissionDenied


def writable_session(request, access, session_id):
    """The session, for a write into it: 404 if unseen, 403 if the user may not write."""
    session = session_or_404(request, access, session_id)
    require_write(session)
    return session


def console_url(access, session, anchor: str = "") -> str:
    url = reverse("facilitation:console", args=[access.dialogue.pk, session.pk])
    return f"{url}#{anchor}" if anchor else url


def base_context(session) -> dict:
    return {"session": session, "round": session.round, "can_write": session.can_write}


def is_queued(request) -> bool:
    """Sent from console.js's queue (kept in the browser while offline): answer JSON."""
    return request.headers.get("X-Trackii-Queue") == "1"


def error_list(form) -> list[str]:
    """The form's errors as plain text for console.js (which shows them as text): the
    <bdi> around names in labels and messages is for HTML pages only."""
    messages_ = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages_.extend(unescape(strip_tags(f"{label}: {e}" if label else str(e))) for e in errors)
    return messages_


def speakers(request, access, session, note=None) -> dict:
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


def _before(request, name: str) -> int | None:
    """The id below which a column starts (?notes_before=123): an older page of it."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return None
    return value if value > 0 else None


#: The console's forms that are loaded when opened (issue 19), and where each one sits.
LAZY_FORMS = {"reading": "readings", "link": "readings", "close": "closing"}


def _lazy_form(name: str, access, page, sent=None):
    """The form `name` of the console, or `sent` (a form sent back with its errors)."""
    if sent is not None:
        return sent
    if name == "reading":
        return TrustReadingForm(sides=page.sides)
    if name == "link":
        return ReadingLinkForm(sides=page.sides)
    return CloseForm(sides=page.sides, attendance=page.attendance, summary=page.summary)


def _console_context(request, access, session, opened=(), **forms) -> dict:
    """Everything the console page shows. Fixed number of queries whatever the entries:
    each column shows its newest RECENT entries, and "Show earlier" asks for the next ones.

    Of the forms in closed panels (LAZY_FORMS) only those `opened` or sent back with
    errors are rendered; the others are fetched when their panel is opened (console_form).
    """
    user = request.user
    before = {
        column: _before(request, f"{column}_before")
        for column, _reader in console_reads.COLUMNS.values()
    }
    page = console_reads.console_page(user, session, dialogue=access.dialogue, before=before)
    audit_restricted_reads(actor=user, items=page.shown, ip=client_ip(request))
    context = {
        **base_context(session),
        "recent": console_reads.RECENT,
        # The page only (never a fragment): console.js encrypts the offline queue with it.
        "queue_key": queue_key(user),
        **page.columns,
        **{f"{column}_more": more for column, more in page.more.items()},
        "paged": page.paged,
        "readings": page.readings,
        "attendance": page.attendance,
        "summary": page.summary,
    }
    if session.can_write:
        context.update(
            entry_form=forms.get("entry_form")
            or QuickEntryForm(dialogue=access.dialogue, **speakers(request, access, session)),
            tidy_form=TidyForm(),
        )
        for name in LAZY_FORMS:
            sent = forms.get(f"{name}_form")
            if sent is not None or name in opened:
                context[f"{name}_form"] = _lazy_form(name, access, page, sent)
        if "link_form" in context:
            context["links"] = console_reads.live_links(session)
    return context


def render_console(request, access, session, status=200, **forms):
    """The console page, with a form the user sent back (and its errors) in `forms`."""
    return render(
        request, CONSOLE, _console_context(request, access, session, **forms), status=status
    )


@require_GET
@dialogue_view(roles=TEAM_ROLES)
def console_form(request, access, session_id, panel):
    """One form of the console, fetched when its panel is opened (htmx): the fragment of
    that form. Without JavaScript, a redirect to the console page with that panel open
    (?open=<panel>). Only those who write into the session (403 for the others), as for
    sending it."""
    session = writable_session(request, access, session_id)
    name = panel
    if name not in LAZY_FORMS:
        raise Http404
    if not request.htmx:
        # The console itself, the one page that carries the queue key, with the panel open.
        url = reverse("facilitation:console", args=[access.dialogue.pk, session.pk])
        return redirect(f"{url}?open={name}#{LAZY_FORMS[name]}")
    page = console_reads.form_page(request.user, session, dialogue=access.dialogue)
    context = {**base_context(session), f"{name}_form": _lazy_form(name, access, page)}
    if name == "link":
        context["links"] = console_reads.live_links(session)
    return render(request, f"{CONSOLE}#{name}-form", context)


def _earlier(request, access, session, kind: str):
    """One older page of one column, for "Show earlier" (htmx): its entries and the next
    "Show earlier" link."""
    rows, more = console_reads.earlier_page(
        request.user, session, kind=kind, before=_before(request, "before")
    )
    audit_restricted_reads(actor=request.user, items=rows, ip=client_ip(request))
    column = console_reads.COLUMNS[kind][0]
    context = {**base_context(session), "column": column, "kind": kind, "rows": rows, "more": more}
    return render(request, f"{CONSOLE}#earlier", context)


@dialogue_view(roles=TEAM_ROLES)
def console(request, access, session_id):
    session = session_or_404(request, access, session_id)
    kind = request.GET.get("earlier")
    if request.htmx and kind in console_reads.COLUMNS:
        return _earlier(request, access, session, kind)
    # ?open=<panel>: the link of a closed panel, followed without JavaScript.
    opened = request.GET.get("open")
    if session.can_write and opened in LAZY_FORMS:
        context = _console_context(request, access, session, opened=(opened,))
        return render(request, CONSOLE, context)
    return render_console(request, access, session)


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
    session = session_or_404(request, access, session_id)
    feed = console_reads.poll_feed(request.user, session, dialogue=access.dialogue, since=since)
    if feed is None:
        # Too much changed to send: the console says to reload instead.
        response = HttpResponse(status=205)
    else:
        audit_restricted_reads(actor=request.user, items=feed.entries, ip=client_ip(request))
        context = {
            **base_context(session),
            "notes": feed.notes,
            "steps": feed.steps,
            "options": feed.options,
            "removed": feed.removed,
            "readings": feed.readings,
        }
        response = render(request, f"{CONSOLE}#feed", context)
    response["X-Console-Revision"] = str(poll.revision)
    return response


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def console_entry(request, access, session_id):
    """The quick-entry box. console.js sends it with X-Trackii-Queue and reads JSON: 201
    stored, 200 already stored (a retry), 422 refused with the reasons. Without JS it
    redirects back to the console, or shows it again with the errors and the text."""
    session = writable_session(request, access, session_id)
    queued = is_queued(request)
    form = QuickEntryForm(
        request.POST, dialogue=access.dialogue, **speakers(request, access, session)
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
        return JsonResponse({"errors": error_list(form)}, status=422)
    return render_console(request, access, session, status=422, entry_form=form)
