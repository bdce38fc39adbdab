from django.core.exceptions import PermissionDenied
from django.db import transaction

from facilitation.models import Note
from trackii.privacy.models import Membership
from trackii.privacy.roles import TEAM_ROLES


def note_create(
    *, actor, dialogue, session, text: str, level: str, speaker_side=None, speaker: str = ""
) -> Note:
    """Log a note. Organizers and facilitators of the dialogue only."""
    if (
        not Membership.objects.for_user(actor)
        .filter(dialogue=dialogue, role__in=list(TEAM_ROLES))
        .exists()
    ):
        raise PermissionDenied
    note = Note(
        dialogue=dialogue,
        session=session,
        text=text,
        level=level,
        speaker_side=speaker_side,
        speaker=speaker,
        author=actor,
    )
    note.full_clean()
    with transaction.atomic():
        note.save()
    return note
