"""The rights of a person, exercised by an organizer: download everything trackii holds
about them, or erase them. Organizers of the dialogue only; both audited."""

import json
import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participants.models import Participant
from participants.services import rights
from trackii.accounts.reauth import reauthentication_required
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role

ORGANIZERS = frozenset({Role.ORGANIZER})


def _participant(request, access, participant_id) -> Participant:
    return get_visible_or_404(
        Participant.objects.filter(dialogue=access.dialogue).with_person(),
        request.user,
        pk=participant_id,
    )


@require_http_methods(["GET"])
@dialogue_view(roles=ORGANIZERS)
def person_export(request, access, participant_id):
    """Everything about one person in the dialogues the requester organizes, as JSON."""
    participant = _participant(request, access, participant_id)
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


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def person_erase(request, access, participant_id):
    """A confirmation page that says what erasing does; the POST erases. Erasure is final,
    so it asks for the password (and code) again, as changing a password does."""
    participant = _participant(request, access, participant_id)
    return _person_erase(request, access, participant)


@reauthentication_required
def _person_erase(request, access, participant):
    if participant.person.erased_at is not None:
        messages.info(request, _("This person was erased already."))
        return redirect("participants:detail", access.dialogue.pk, participant.pk)
    if request.method != "POST":
        return render(
            request,
            "participants/person_erase.html",
            {"participant": participant, "name": participant.shown_name(access.role)},
        )
    rights.person_erase(actor=request.user, participant=participant, ip=client_ip(request))
    messages.success(
        request,
        _("The person is erased. Their records stay, shown as “Erased person”."),
    )
    return redirect("participants:detail", access.dialogue.pk, participant.pk)
