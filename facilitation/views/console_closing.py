"""The console's session record: trust readings, private reading links, closing the
session, reopening it and tidying its entries' levels. Who may: as the console (reopening:
organizers only). Every write goes through facilitation.entries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facilitation import console_reads, entries
from facilitation.entries import EditConflict
from facilitation.forms_entries import CloseForm, ReadingLinkForm, TidyForm, TrustReadingForm
from facilitation.models import ReadingLink
from facilitation.views.console import (
    base_context,
    console_url,
    render_console,
    session_or_404,
    writable_session,
)
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import TEAM_ROLES, Role


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_create(request, access, session_id):
    """A facilitator's quick trust reading for one or more sides."""
    session = writable_session(request, access, session_id)
    form = TrustReadingForm(request.POST, sides=console_reads.sides_of(access.dialogue))
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
    return render_console(request, access, session, status=422, reading_form=form)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_link_create(request, access, session_id):
    """Open a private link for anonymous readings; its address is shown this once."""
    session = writable_session(request, access, session_id)
    form = ReadingLinkForm(request.POST, sides=console_reads.sides_of(access.dialogue))
    if not form.is_valid():
        return render_console(request, access, session, status=422, link_form=form)
    try:
        link, token = entries.reading_link_create(
            actor=request.user, session=session, **form.cleaned_data
        )
    except ValidationError as e:
        form.add_error(None, e)
        return render_console(request, access, session, status=422, link_form=form)
    url = request.build_absolute_uri(reverse("reading:form", args=[token]))
    context = {**base_context(session), "link": link, "url": url}
    return render(request, "facilitation/console_link.html", context)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def reading_link_revoke(request, access, session_id, link_id):
    session = writable_session(request, access, session_id)
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
    session = writable_session(request, access, session_id)
    form = CloseForm(request.POST, sides=console_reads.sides_of(access.dialogue))
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
    return render_console(request, access, session, status=status, close_form=form)


@require_POST
@dialogue_view(roles=[Role.ORGANIZER])
def session_reopen(request, access, session_id):
    session = session_or_404(request, access, session_id)
    entries.session_reopen(actor=request.user, session=session)
    messages.success(request, _("Session reopened: entries can be logged again."))
    return redirect(console_url(access, session))


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def console_tidy(request, access, session_id):
    """Set the level of the selected entries (after the session, to mark what is reportable)."""
    session = writable_session(request, access, session_id)
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
