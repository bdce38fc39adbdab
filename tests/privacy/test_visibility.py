"""visible_to(user): exactly what each role may read, as a table, in one SQL query."""

import pytest
from guardian.shortcuts import assign_perm

from facilitation.models import Note
from participants.models import Participant
from tests.factories import NoteFactory, SessionFactory
from trackii.privacy.levels import Level

R, D, T, X = Level.REPORTABLE, Level.DIALOGUE, Level.TEAM, Level.RESTRICTED

#: who -> the levels of the planted notes they read
#: (the restricted note's author is the facilitator)
EXPECTED = {
    "organizer": {R, D, T},
    "facilitator": {R, D, T, X},
    "participant": {R, D},
    "observer": {R, D},
    "funder": set(),
    "other_member": set(),
    "outsider": set(),
}


@pytest.mark.parametrize(("who", "levels"), EXPECTED.items())
def test_notes_visible_to_role_are_exactly_its_levels(who, levels, world):
    visible = Note.objects.visible_to(world.cast[who]).filter(dialogue=world.dialogue)

    assert {n.level for n in visible} == levels


def test_visible_to_anonymous_user_is_empty(world):
    from django.contrib.auth.models import AnonymousUser

    assert list(Note.objects.visible_to(AnonymousUser())) == []


def test_visible_to_inactive_user_is_empty(world):
    organizer = world.cast["organizer"]
    organizer.is_active = False
    organizer.save()

    assert list(Note.objects.visible_to(organizer)) == []


def test_restricted_note_granted_to_participant_becomes_visible_to_them_only(world):
    restricted = world.notes[X]
    assign_perm("facilitation.view_note", world.cast["participant"], restricted)

    readers = {
        who
        for who in EXPECTED
        if Note.objects.visible_to(world.cast[who]).filter(pk=restricted.pk).exists()
    }

    assert readers == {"facilitator", "participant"}


def test_restricted_grant_to_funder_gives_no_access(world):
    # Funders read no raw content of any level, even with a stray permission row.
    restricted = world.notes[X]
    assign_perm("facilitation.view_note", world.cast["funder"], restricted)

    assert not Note.objects.visible_to(world.cast["funder"]).filter(pk=restricted.pk).exists()


def test_restricted_grant_on_one_note_does_not_open_another(world):
    other_restricted = NoteFactory(
        session=world.notes[X].session, level=X, text="second", author=world.cast["organizer"]
    )
    assign_perm("facilitation.view_note", world.cast["participant"], world.notes[X])

    visible = set(Note.objects.visible_to(world.cast["participant"]).filter(level=X))

    assert visible == {world.notes[X]}
    assert other_restricted not in visible


def test_removed_member_loses_every_level_at_once(world):
    participant = world.cast["participant"]
    participant.memberships.get(dialogue=world.dialogue).delete()

    assert list(Note.objects.visible_to(participant).filter(dialogue=world.dialogue)) == []


def test_participant_records_follow_the_same_levels(world):
    visible = {
        who: set(Participant.objects.visible_to(world.cast[who]).filter(dialogue=world.dialogue))
        for who in ("organizer", "participant", "funder", "outsider")
    }

    assert visible["organizer"] == set(world.participants.values())
    assert visible["participant"] == {world.participants["protected"], world.participants["open"]}
    assert visible["funder"] == set()
    assert visible["outsider"] == set()


@pytest.mark.parametrize("size", [5, 60])
def test_visible_to_is_one_query_whatever_rows_and_grants(size, world, django_assert_num_queries):
    participant = world.cast["participant"]
    before = Note.objects.visible_to(participant).count()
    session = SessionFactory(round__dialogue=world.dialogue)
    for i in range(size):
        note = NoteFactory(session=session, level=X, text=f"r{i}", author=world.cast["organizer"])
        assign_perm("facilitation.view_note", participant, note)
        NoteFactory(session=session, level=D, text=f"d{i}")

    with django_assert_num_queries(1):
        notes = list(Note.objects.visible_to(participant))

    assert len(notes) == before + 2 * size
