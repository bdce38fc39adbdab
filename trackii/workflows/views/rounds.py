"""A round's page, its agenda, and the agenda's exports (CSV and iCalendar): rounds
(dialogues) with their sessions (facilitation)."""

from django.http import HttpResponse
from django.shortcuts import render

from dialogues.services import rounds as services
from dialogues.views.rounds import visible_round
from facilitation import services as sessions
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import TEAM_ROLES


@dialogue_view()
def round_detail(request, access, round_id):
    round_ = visible_round(request, access, round_id)
    return render(
        request,
        "dialogues/round_detail.html",
        {
            "round": round_,
            "venue": services.shown_venue(round_, is_team=access.is_team),
            "days": services.round_days(round_),
            "sessions": sessions.agenda_sessions(request.user, round_),
        },
    )


@dialogue_view()
def round_agenda(request, access, round_id):
    """The round's sessions day by day, in the venue's time zone. Prints cleanly."""
    round_ = visible_round(request, access, round_id)
    days = sessions.agenda_days(round_, sessions.agenda_sessions(request.user, round_))
    return render(
        request,
        "dialogues/round_agenda.html",
        {
            "round": round_,
            "venue": services.shown_venue(round_, is_team=access.is_team),
            "days": days,
        },
    )


def _download(content: str, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dialogue_view(roles=TEAM_ROLES)
def round_agenda_csv(request, access, round_id):
    round_ = visible_round(request, access, round_id)
    content = sessions.agenda_export_csv(actor=request.user, round_=round_, ip=client_ip(request))
    return _download(
        content, content_type="text/csv; charset=utf-8", filename=f"round-{round_.pk}-agenda.csv"
    )


@dialogue_view(roles=TEAM_ROLES)
def round_ics(request, access, round_id):
    round_ = visible_round(request, access, round_id)
    content = sessions.agenda_export_ics(actor=request.user, round_=round_, ip=client_ip(request))
    return _download(
        content, content_type="text/calendar; charset=utf-8", filename=f"round-{round_.pk}.ics"
    )
