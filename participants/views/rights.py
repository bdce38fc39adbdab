"""The rights of a person, exercised by an organizer: download everything trackii holds
about them. Organizers of the dialogue only; audited. Erasing them reaches into
facilitation too: trackii/workflows/views/participants.py."""

import json
import re

from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from participants.services import rights
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role

ORGANIZERS = frozenset({Role.ORGANIZER})


def visible_participant(request, access, participant_id) -> Participant:
    return get_visible_or_404(
        Participant.objects.filter(dialogue=access.dialogue).with_person(),
        request.user,
        pk=participant_id,
    )


@require_http_methods(["GET"])
@dialogue_view(roles=ORGANIZERS)
def person_export(request, access, participant_id):
    """Everything about one person in the dialogues the requester organizes, as JSON."""
    participant = visible_participant(request, access, participant_id)
    data = rights.person_export(actor=request.user, participant=participant, ip=client_ip(request))
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    code = re.sub(r"[^A-Za-z0-9_-]+", "-", access.dialogue.code_name).strip("-") or "dialogue"
    # Named by code name and ids only: a file name is seen in download lists and histories.
    response["Content-Disposition"] = (
        f'attachment; filename="{code}-person-{participant.person_id}.json"'
    )
    patch_cache_control(response, no_store=True, private=True)
    return response
