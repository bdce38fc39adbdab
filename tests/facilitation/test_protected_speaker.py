"""A note's speaker never names a protected participant: facilitators see protected
participants by pseudonym only (issue 13, point 4). The speaker is chosen among the
session's participants (tests/facilitation/test_note_speaker.py); these tests cover the
text typed before that, which an edit may still correct."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from facilitation import entries
from facilitation.models import PROTECTED_SPEAKER, Note
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    SessionFactory,
    SideFactory,
)


@pytest.fixture
def session(cast):
    side = SideFactory(dialogue=cast.dialogue, name="North")
    ParticipantFactory(side=side, person=PersonFactory(name="Leyla Karimova", is_protected=True))
    ParticipantFactory(side=side, person=PersonFactory(name="Open Olav"))
    session = SessionFactory(round__dialogue=cast.dialogue)
    session.facilitators.add(cast["facilitator"])
    return session


def edit(cast, note, speaker):
    return entries.note_update(
        actor=cast["facilitator"],
        note=note,
        version=note.version,
        text=note.text,
        level=note.level,
        speaker=speaker,
    )


@pytest.mark.parametrize("speaker", ["Leyla Karimova", "  leyla   KARIMOVA ", "Dr. Leyla Karimova"])
def test_typed_speaker_corrected_to_a_protected_participants_name_is_refused(
    cast, session, speaker
):
    note = NoteFactory(session=session, author=cast["facilitator"], speaker="Someone tall")

    with pytest.raises(ValidationError) as refused:
        edit(cast, note, speaker)

    assert refused.value.message_dict == {"speaker": [str(PROTECTED_SPEAKER)]}
    assert Note.objects.get(pk=note.pk).speaker == "Someone tall"


def test_typed_speaker_corrected_to_an_unprotected_name_is_kept(cast, session):
    note = NoteFactory(session=session, author=cast["facilitator"], speaker="Someone tall")

    edit(cast, note, "Open Olav")

    assert Note.objects.get(pk=note.pk).speaker == "Open Olav"


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
