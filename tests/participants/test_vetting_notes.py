"""Vetting notes: team or restricted; participants and observers never read them."""

import pytest
from guardian.shortcuts import assign_perm

from participants.models import VettingNote
from tests.factories import ParticipantFactory, VettingNoteFactory
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent, Membership


@pytest.fixture
def vetted(cast, sides):
    participant = ParticipantFactory(side=sides["north"])
    VettingNoteFactory(
        participant=participant,
        level=Level.TEAM,
        text="Two sources vouch for her.",
        author=cast["facilitator"],
    )
    VettingNoteFactory(
        participant=participant,
        level=Level.RESTRICTED,
        text="Her brother is under investigation.",
        author=cast["organizer"],
    )
    return participant


def page_for(client_for, cast, who, url, participant):
    return client_for(cast[who]).get(url("detail", participant_id=participant.pk)).text


def test_vetting_note_at_team_level_is_read_by_facilitator(cast, vetted, client_for, url):
    page = page_for(client_for, cast, "facilitator", url, vetted)

    assert "Two sources vouch for her." in page


def test_restricted_vetting_note_is_read_by_its_author(cast, vetted, client_for, url):
    page = page_for(client_for, cast, "organizer", url, vetted)

    assert "Her brother is under investigation." in page


def test_restricted_vetting_note_is_hidden_from_other_team_members(cast, vetted, client_for, url):
    page = page_for(client_for, cast, "facilitator", url, vetted)

    assert "Her brother is under investigation." not in page


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_vetting_notes_are_never_shown_outside_the_team(who, cast, vetted, client_for, url):
    page = page_for(client_for, cast, who, url, vetted)

    assert "Two sources vouch for her." not in page
    assert "Vetting notes" not in page


def test_vetting_note_granted_before_a_role_change_is_not_read_by_a_participant(cast, vetted):
    note = VettingNote.objects.get(level=Level.RESTRICTED)
    user = cast["facilitator"]
    assign_perm("participants.view_vettingnote", user, note)
    Membership.objects.filter(user=user, dialogue=cast.dialogue).update(role="participant")

    assert list(VettingNote.objects.visible_to(user)) == []


def test_reading_a_restricted_vetting_note_is_audited(cast, vetted, client_for, url):
    page_for(client_for, cast, "organizer", url, vetted)

    note = VettingNote.objects.get(level=Level.RESTRICTED)
    events = AuditEvent.objects.filter(action=AuditEvent.Action.RESTRICTED_READ)
    assert [(e.object_type, e.object_id) for e in events] == [
        ("participants.vettingnote", str(note.pk))
    ]


def test_vetting_note_add_by_facilitator_saves_it_with_its_author(cast, vetted, client_for, url):
    response = client_for(cast["facilitator"]).post(
        url("vetting-add", participant_id=vetted.pk),
        {"text": "Met her at the Oslo workshop.", "level": Level.RESTRICTED},
    )

    [note] = [n for n in VettingNote.objects.all() if n.text == "Met her at the Oslo workshop."]
    assert response.status_code == 302
    assert (note.author, note.level, note.participant) == (
        cast["facilitator"],
        Level.RESTRICTED,
        vetted,
    )


def test_vetting_note_add_at_dialogue_level_answers_422(cast, vetted, client_for, url):
    response = client_for(cast["facilitator"]).post(
        url("vetting-add", participant_id=vetted.pk),
        {"text": "Everyone may read this?", "level": Level.DIALOGUE},
    )

    assert response.status_code == 422
    assert "level" in response.context["vetting_form"].errors
    assert "Everyone may read this?" in response.text


def test_vetting_note_add_overlong_answers_422_with_message(cast, vetted, client_for, url):
    response = client_for(cast["facilitator"]).post(
        url("vetting-add", participant_id=vetted.pk), {"text": "x" * 5001, "level": Level.TEAM}
    )

    assert response.status_code == 422
    assert response.context["vetting_form"].errors["text"] == [
        "Ensure this value has at most 5000 characters (it has 5001)."
    ]


def test_vetting_note_add_by_participant_answers_403(cast, vetted, client_for, url):
    response = client_for(cast["participant"]).post(
        url("vetting-add", participant_id=vetted.pk), {"text": "Hello", "level": Level.TEAM}
    )

    assert response.status_code == 403
    assert [n for n in VettingNote.objects.all() if n.text == "Hello"] == []


def access_url(url, note):
    return url("vetting-access", participant_id=note.participant_id, note_id=note.pk)


def test_restricted_vetting_note_granted_to_facilitator_is_read_by_them(
    cast, vetted, client_for, url
):
    note = VettingNote.objects.get(level=Level.RESTRICTED)

    response = client_for(cast["organizer"]).post(
        access_url(url, note), {"user": cast["facilitator"].pk}
    )

    page = page_for(client_for, cast, "facilitator", url, vetted)
    assert response.status_code == 302
    assert "Her brother is under investigation." in page
    assert AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_ADDED).count() == 1


def test_restricted_vetting_note_cannot_be_granted_to_a_participant(cast, vetted, client_for, url):
    note = VettingNote.objects.get(level=Level.RESTRICTED)

    response = client_for(cast["organizer"]).post(
        access_url(url, note), {"user": cast["participant"].pk}
    )

    assert response.status_code == 422
    assert list(VettingNote.objects.visible_to(cast["participant"])) == []
