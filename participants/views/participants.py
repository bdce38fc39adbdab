from django.shortcuts import render

from participants.models import Participant
from trackii.privacy.access import dialogue_view


@dialogue_view()
def participant_list(request, access):
    """Participants this member may see, by side; protected people by pseudonym unless organizer."""
    participants = (
        Participant.objects.visible_to(request.user).filter(dialogue=access.dialogue).with_person()
    )
    rows = [
        {
            "participant": p,
            "name": p.shown_name(access.role),
            "affiliation": p.shown_affiliation(access.role) if access.is_team else "",
        }
        for p in participants
    ]
    return render(request, "participants/participant_list.html", {"rows": rows})
