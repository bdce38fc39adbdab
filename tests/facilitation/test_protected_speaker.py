"""A note's speaker never names a protected participant: facilitators see protected
participants by pseudonym only (issue 13, point 4)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from facilitation import entries
from facilitation.models import PROTECTED_SPEAKER, Note
from facilitation.services import note_create
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    SessionFactory,
    SideFactory,
)
from trackii.privacy.levels import Level


@pytest.fixture
def session(cast):
    side = SideFactory(dialogue=cast.dialogue, name="North")
    ParticipantFactory(side=side, person=PersonFactory(name="Leyla Karimova", is_protected=True))
    ParticipantFactory(side=side, person=PersonFactory(name="Open Olav"))
    session = SessionFactory(round__dialogue=cast.dialogue)
    session.facilitators.add(cast["facilitator"])
    return session


def create(cast, session, speaker):
    return note_create(
        actor=cast["facilitator"],
        dialogue=cast.dialogue,
        session=session,
        text="Said in the room",
        level=Level.TEAM,
        speaker=speaker,
    )


@pytest.mark.parametrize("speaker", ["Leyla Karimova", "  leyla   KARIMOVA ", "Dr. Leyla Karimova"])
def test_note_with_a_protected_participants_name_as_speaker_is_refused(cast, session, speaker):
    with pytest.raises(ValidationError) as refused:
        create(cast, session, speaker)

    assert refused.value.message_dict == {"speaker": [str(PROTECTED_SPEAKER)]}
    assert not Note.objects.filter(session=session).exists()


def test_note_with_an_unprotected_participant_as_speaker_is_kept(cast, session):
    note = create(cast, session, "Open Olav")

    assert Note.objects.get(pk=note.pk).speaker == "Open Olav"


def test_note_edit_to_a_protected_participants_name_is_refused(cast, session):
    note = create(cast, session, "")

    with pytest.raises(ValidationError):
        entries.note_update(
            actor=cast["facilitator"],
            note=note,
            version=note.version,
            text=note.text,
            level=note.level,
            speaker="Leyla Karimova",
        )

    assert Note.objects.get(pk=note.pk).speaker == ""


def test_migration_clears_stored_speakers_that_name_a_protected_participant(cast, session):
    named = NoteFactory(session=session, speaker="Leyla Karimova (North)")
    kept = NoteFactory(session=session, speaker="Open Olav")
    migration = importlib.import_module(
        "facilitation.migrations.0009_no_protected_names_as_speakers"
    )

    migration.clear_protected_speakers(apps, None)

    assert (Note.objects.get(pk=named.pk).speaker, Note.objects.get(pk=kept.pk).speaker) == (
        "",
        "Open Olav",
    )
