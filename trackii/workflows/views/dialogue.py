"""A dialogue's home page: its sides and, for organizers, the to-do panel, which counts
records of dialogues and participants."""

from django.shortcuts import render
from django.utils.translation import get_language

from dialogues.models import ParticipantText, Side
from dialogues.services.participant_texts import shown_text
from trackii.privacy.access import dialogue_view
from trackii.workflows.setup import setup_checklist
from trackii.workflows.todo import dialogue_todo


@dialogue_view()
def dialogue_detail(request, access):
    """The dialogue's home. Content roles only: funders read published reports instead."""
    dialogue = access.dialogue
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "sides": Side.objects.visible_to(request.user).filter(dialogue=dialogue),
            # In the reader's language if the organizers gave one, else the reference's.
            "agreement": shown_text(
                dialogue,
                kind=ParticipantText.Kind.AGREEMENT,
                language=get_language(),
                versions=ParticipantText.objects.visible_to(request.user).filter(
                    dialogue=dialogue, kind=ParticipantText.Kind.AGREEMENT
                ),
            ),
            "todo": (
                dialogue_todo(dialogue=dialogue, user=request.user) if access.is_organizer else None
            ),
            "setup": (
                setup_checklist(dialogue=dialogue, user=request.user)
                if access.is_organizer
                else None
            ),
        },
    )
