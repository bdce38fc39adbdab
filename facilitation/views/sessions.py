"""Sessions of a round: organizers plan them; whoever reads the round reads its sessions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dialogues.services.rounds import rounds_visible_to, shown_venue
from facilitation import services
from facilitation.forms import SessionForm
from facilitation.models import Session
from trackii.privacy.access import dialogue_view
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}


def _session(request, access, session_id) -> Session:
    """The session if this member may read its round; 404 otherwise."""
    visible = services.sessions_visible_to(request.user).filter(round__dialogue=access.dialogue)
    return get_object_or_404(visible, pk=session_id)


def _session_form(request, access, round_, session):
    """Create (session is None) or edit a session: GET shows the form, POST saves."""
    data = request.POST if request.method == "POST" else None
    form = SessionForm(
        data,
        instance=session or Session(round=round_),
        round_=round_,
        facilitators=services.session_facilitator_choices(access.dialogue),
    )
    if data is not None and form.is_valid():
        try:
            if session is None:
                session = services.session_create(
                    actor=request.user, round_=round_, data=form.cleaned_data
                )
            else:
                services.session_update(actor=request.user, session=session, data=form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Session saved."))
            return redirect("dialogues:round-agenda", access.dialogue.pk, round_.pk)
    return render(
        request,
        "facilitation/session_form.html",
        {"form": form, "round": round_, "session": session, "zone": round_.time_zone.key},
        status=422 if data is not None else 200,
    )


@dialogue_view(roles=ORGANIZERS)
def session_create(request, access, round_id):
    round_ = get_object_or_404(
        rounds_visible_to(request.user).filter(dialogue=access.dialogue), pk=round_id
    )
    return _session_form(request, access, round_, None)


@dialogue_view(roles=ORGANIZERS)
def session_edit(request, access, session_id):
    session = _session(request, access, session_id)
    return _session_form(request, access, session.round, session)


@dialogue_view()
def session_detail(request, access, session_id):
    session = _session(request, access, session_id)
    tz = session.round.time_zone
    return render(
        request,
        "facilitation/session_detail.html",
        {
            "session": session,
            "round": session.round,
            "venue": shown_venue(session.round, is_team=access.is_team),
            "starts": session.starts_at.astimezone(tz),
            "ends": session.ends_at.astimezone(tz),
            "zone": tz.key,
            "facilitators": session.facilitators.all(),
        },
    )
