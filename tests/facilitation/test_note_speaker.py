"""A note's speaker is chosen among the session's participants, or given as a side only,
and shown through the pseudonym rules (issue 13, point 4): the same rule on the console,
its offline queue, edits and the notes page."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.html import escape

from facilitation.models import NOT_IN_ROUND, Note
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
)
from trackii.privacy.levels import Level


@pytest.fixture
def room(console_world):
    w = console_world
    leyla = ParticipantFactory(
        side=w.north, person=PersonFactory(name="Leyla Karimova", is_protected=True)
    )
    olav = ParticipantFactory(side=w.river, person=PersonFactory(name="Open Olav"))
    elsewhere = ParticipantFactory(side=w.river, person=PersonFactory(name="Absent Anna"))
    for participant in (leyla, olav):
        RoundParticipationFactory(participant=participant, round=w.session.round)
    later = RoundFactory(dialogue=w.dialogue, title="Second round")
    RoundParticipationFactory(participant=elsewhere, round=later)
    return {"w": w, "leyla": leyla, "olav": olav, "elsewhere": elsewhere}


def console(w, name="console", **kwargs):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


def quick(speaker=None, side=None, text="The north asked for a break"):
    data = {"text": text, "kind": "note", "level": Level.TEAM, "client_key": str(uuid.uuid4())}
    if speaker is not None:
        data["speaker"] = speaker.pk
    if side is not None:
        data["side"] = side.pk
    return data


def test_console_offers_the_rounds_participants_by_the_name_the_facilitator_may_see(
    room, client_for
):
    page = client_for(room["w"]["facilitator"]).get(console(room["w"])).content.decode()

    assert room["leyla"].pseudonym in page
    assert "Open Olav" in page
    assert "Leyla Karimova" not in page
    assert "Absent Anna" not in page  # not in this session's round


def test_protected_speaker_is_shown_by_pseudonym_to_the_facilitator_and_by_name_to_the_organizer(
    room, client_for
):
    w = room["w"]
    saved = client_for(w["facilitator"]).post(console(w, "console-entry"), quick(room["leyla"]))
    assert saved.status_code == 302
    note = Note.objects.get(session=w.session)
    assert (note.speaker_participant, note.speaker_side) == (room["leyla"], w.north)

    for page in (console(w), reverse("facilitation:note-list", args=[w.dialogue.pk])):
        seen_by_facilitator = client_for(w["facilitator"]).get(page).content.decode()
        seen_by_organizer = client_for(w["organizer"]).get(page).content.decode()
        assert f"<bdi>{room['leyla'].pseudonym}</bdi>" in seen_by_facilitator
        assert "Leyla Karimova" not in seen_by_facilitator
        assert "<bdi>Leyla Karimova</bdi>" in seen_by_organizer


def test_speaker_is_attribution_the_observer_does_not_see_it(room, client_for):
    w = room["w"]
    NoteFactory(
        session=w.session,
        author=w["facilitator"],
        level=Level.DIALOGUE,
        text="Shared with everyone",
        speaker_participant=room["olav"],
        speaker_side=w.river,
    )

    page = client_for(w["observer"]).get(reverse("facilitation:note-list", args=[w.dialogue.pk]))

    assert "Shared with everyone" in page.content.decode()
    assert "Open Olav" not in page.content.decode()


@pytest.mark.parametrize("queued", [False, True])
def test_console_refuses_a_speaker_from_another_round_and_keeps_the_text(room, client_for, queued):
    w = room["w"]
    headers = {"X-Trackii-Queue": "1"} if queued else {}
    response = client_for(w["facilitator"]).post(
        console(w, "console-entry"),
        quick(room["elsewhere"], text="Kept when refused"),
        headers=headers,
    )

    assert response.status_code == 422
    assert not Note.objects.filter(session=w.session).exists()
    if not queued:
        assert "Kept when refused" in response.content.decode()


def test_notes_page_refuses_a_speaker_from_another_round_with_a_clear_message(room, client_for):
    w = room["w"]
    data = {
        "session": w.session.pk,
        "text": "Kept when refused",
        "level": Level.TEAM,
        "speaker_participant": room["elsewhere"].pk,
    }

    response = client_for(w["facilitator"]).post(
        reverse("facilitation:note-create", args=[w.dialogue.pk]), data
    )

    assert response.status_code == 422
    assert escape(str(NOT_IN_ROUND)) in response.content.decode()
    assert "Kept when refused" in response.content.decode()
    assert not Note.objects.exists()


def test_notes_page_records_a_chosen_speaker_with_their_side(room, client_for):
    w = room["w"]
    data = {
        "session": w.session.pk,
        "text": "From the notes page",
        "level": Level.TEAM,
        "speaker_participant": room["olav"].pk,
    }

    response = client_for(w["facilitator"]).post(
        reverse("facilitation:note-create", args=[w.dialogue.pk]), data
    )

    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.speaker_participant, note.speaker_side) == (room["olav"], w.river)


def test_speaker_and_another_side_are_refused(room, client_for):
    w = room["w"]

    response = client_for(w["facilitator"]).post(
        console(w, "console-entry"),
        quick(room["olav"], side=w.north),
        headers={"X-Trackii-Queue": "1"},
    )

    assert response.status_code == 422
    assert "another side" in " ".join(response.json()["errors"])


def test_side_only_speaker_is_shown_as_the_side(room, client_for):
    w = room["w"]
    client_for(w["facilitator"]).post(console(w, "console-entry"), quick(side=w.north))

    page = client_for(w["facilitator"]).get(console(w)).content.decode()

    assert Note.objects.get().speaker_participant is None
    assert "<bdi>Northern Council</bdi>" in page


def test_edit_changes_the_speaker_through_the_same_rule(room, client_for):
    w = room["w"]
    note = NoteFactory(session=w.session, author=w["facilitator"], text="Said")
    url = console(w, "console-note-edit", note_id=note.pk)
    data = {"text": "Said", "level": Level.TEAM, "version": note.version}

    refused = client_for(w["facilitator"]).post(
        url, {**data, "speaker_participant": room["elsewhere"].pk}
    )
    saved = client_for(w["facilitator"]).post(
        url, {**data, "speaker_participant": room["leyla"].pk}
    )

    assert refused.status_code == 422
    assert saved.status_code == 302
    assert Note.objects.get(pk=note.pk).speaker_participant == room["leyla"]


def test_migration_matches_typed_speakers_and_keeps_the_rest(room):
    w = room["w"]
    by_name = NoteFactory(session=w.session, speaker="  open OLAV ")
    by_pseudonym = NoteFactory(session=w.session, speaker=room["leyla"].pseudonym)
    by_side = NoteFactory(session=w.session, speaker="Riverlands Alliance")
    not_in_round = NoteFactory(session=w.session, speaker="Absent Anna")
    unknown = NoteFactory(session=w.session, speaker="the tall man by the window")
    migration = importlib.import_module(
        "facilitation.migrations.0011_speakers_chosen_among_participants"
    )

    migration.choose_speakers(apps, None)

    def speaker(note):
        note = Note.objects.get(pk=note.pk)
        return note.speaker_participant_id, note.speaker_side_id, note.speaker

    assert speaker(by_name) == (room["olav"].pk, w.river.pk, "")
    assert speaker(by_pseudonym) == (room["leyla"].pk, w.north.pk, "")
    assert speaker(by_side) == (None, w.river.pk, "")
    assert speaker(not_in_round) == (None, None, "Absent Anna")
    assert speaker(unknown) == (None, None, "the tall man by the window")


def test_kept_typed_speaker_is_shown_to_the_team_as_typed_earlier(room, client_for):
    w = room["w"]
    NoteFactory(session=w.session, author=w["facilitator"], speaker="the tall man")

    page = client_for(w["facilitator"]).get(console(w)).content.decode()

    assert "speaker as typed earlier: <bdi>the tall man</bdi>" in page


def test_edit_by_someone_who_may_not_see_the_speaker_keeps_the_speaker_unshown(room, client_for):
    w = room["w"]
    hidden = ParticipantFactory(
        side=w.north, level=Level.RESTRICTED, person=PersonFactory(name="Hidden Hana")
    )
    RoundParticipationFactory(participant=hidden, round=w.session.round)
    note = NoteFactory(
        session=w.session,
        author=w["facilitator"],
        text="Said",
        speaker_participant=hidden,
        speaker_side=w.north,
    )
    url = console(w, "console-note-edit", note_id=note.pk)

    form = client_for(w["facilitator"]).get(url).content.decode()
    saved = client_for(w["facilitator"]).post(
        url, {"text": "Said, edited", "level": Level.TEAM, "version": note.version}
    )

    assert "Hidden Hana" not in form
    assert hidden.pseudonym not in form
    assert saved.status_code == 302
    note = Note.objects.get(pk=note.pk)
    assert (note.text, note.speaker_participant, note.speaker_side) == (
        "Said, edited",
        hidden,
        w.north,
    )
