"""The rights of a person, for organizers: a JSON download of everything trackii holds
about them (in the dialogues the organizer runs), and erasure."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from guardian.shortcuts import assign_perm

from facilitation.models import Note, Option
from participants.models import ConsentRecord, Invitation, Participant, Person, VettingNote
from participants.services import rights
from tests.factories import (
    ConsentRecordFactory,
    InvitationFactory,
    MembershipFactory,
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    RoundParticipationFactory,
    SessionFactory,
    SideFactory,
    UserFactory,
    VettingNoteFactory,
)
from trackii.accounts import session_state
from trackii.privacy import crypto
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role
from trackii.workflows import erasure
from trackii.workflows.models import Export

IDENTITY = {
    "name": "Hana Identity-Canary",
    "affiliation": "Institute of Canary Studies",
    "position": "Senior canary adviser",
    "country": "Canaryland",
    "languages": "Canarian, French",
    "email": "hana.canary@example.org",
    "phone": "+41 79 000 11 22",
}


@pytest.fixture
def person(cast, sides):
    """Hana: in JUNIPER with everything a person can have, and in the other dialogue."""
    hana = PersonFactory(**IDENTITY, gender="woman", position_kind="academic")
    here = ParticipantFactory(
        side=sides["north"],
        person=hana,
        state="confirmed",
        rationale_influence="Rationale: trusted by the cabinet",
    )
    VettingNoteFactory(participant=here, text="Vetting: team note about Hana", level=Level.TEAM)
    restricted = VettingNoteFactory(
        participant=here,
        text="Vetting: restricted note about Hana",
        level=Level.RESTRICTED,
        author=cast["facilitator"],
    )
    assign_perm("view_vettingnote", cast["facilitator"], restricted)
    accepted = InvitationFactory(
        participant=here,
        response=Invitation.Response.ACCEPTED,
        dietary_needs="Needs: no peanuts for Hana",
        token_hash="a" * 64,
    )
    InvitationFactory(participant=here, round=accepted.round, travel_needs="Needs: visa letter")
    ConsentRecordFactory(participant=here, given=True, invitation=accepted)
    ConsentRecordFactory(participant=here, given=False)
    RoundParticipationFactory(participant=here, round=accepted.round, attended=True)
    session = SessionFactory(round=accepted.round)
    NoteFactory(session=session, text="Said in the room", speaker="hana identity-canary")
    Option.objects.create(
        dialogue=cast.dialogue, title="An option", proposed_by="Hana Identity-Canary"
    )
    there = ParticipantFactory(
        side=SideFactory(dialogue=cast.other_dialogue, name="Elsewhere"), person=hana
    )
    VettingNoteFactory(participant=there, text="Vetting: other dialogue note about Hana")
    return here


def download(client, url, participant):
    return client.get(url("person-export", participant_id=participant.pk))


# --- Export ---------------------------------------------------------------------------


def test_export_is_a_json_attachment_not_stored_named_by_code_name_and_id(
    cast, person, client_for, url
):
    response = download(client_for(cast["organizer"]), url, person)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="JUNIPER-person-{person.person_id}.json"'
    )
    assert "no-store" in response["Cache-Control"]


def test_export_holds_identity_contact_participation_rounds_consent_invitations_and_notes(
    cast, person, client_for, url
):
    data = json.loads(download(client_for(cast["organizer"]), url, person).content)

    assert {k: data["person"][k] for k in IDENTITY} == IDENTITY
    assert (data["person"]["gender"], data["person"]["erased_at"]) == ("woman", None)
    assert [(p["dialogue"], p["side"], p["state"]) for p in data["participations"]] == [
        ("JUNIPER", "North", "confirmed")
    ]
    assert data["participations"][0]["rationale_influence"] == "Rationale: trusted by the cabinet"
    assert [r["attended"] for r in data["round_participations"]] == [True]
    assert sorted(c["given"] for c in data["consent_records"]) == [False, True]
    assert sorted(i["response"] for i in data["invitations"]) == ["accepted", "pending"]
    assert [n["text"] for n in data["vetting_notes"]] == ["Vetting: team note about Hana"]
    assert data["vetting_notes_you_may_not_read"] == 1


def test_export_holds_no_token_nor_anything_of_the_other_dialogue(cast, person, client_for, url):
    body = download(client_for(cast["organizer"]), url, person).text

    assert "a" * 64 not in body
    assert "token" not in body
    assert "other dialogue note" not in body
    assert "OTHER-DIALOGUE-CODENAME" not in body
    assert "Elsewhere" not in body
    assert rights.OTHER_DIALOGUES_NOTE in body


def test_export_covers_every_dialogue_the_requester_organizes(cast, person, client_for, url):
    MembershipFactory(dialogue=cast.other_dialogue, user=cast["organizer"], role=Role.ORGANIZER)

    data = json.loads(download(client_for(cast["organizer"]), url, person).content)

    assert sorted(p["dialogue"] for p in data["participations"]) == [
        "JUNIPER",
        "OTHER-DIALOGUE-CODENAME",
    ]
    assert sorted(n["text"] for n in data["vetting_notes"]) == [
        "Vetting: other dialogue note about Hana",
        "Vetting: team note about Hana",
    ]


def test_export_is_audited_with_ids_only(cast, person, client_for, url):
    download(client_for(cast["organizer"]), url, person)

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_EXPORTED)
    assert (event.actor, event.dialogue, event.object_type, event.object_id, event.detail) == (
        cast["organizer"],
        cast.dialogue,
        "participants.person",
        str(person.person_id),
        {"participant_ids": [person.pk]},
    )


@pytest.mark.parametrize("who", ["facilitator", "participant", "observer", "funder"])
def test_export_for_other_roles_is_refused(cast, person, client_for, url, who):
    response = download(client_for(cast[who]), url, person)

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_EXPORTED).exists()


def test_export_of_a_participant_of_another_dialogue_answers_404(cast, client_for, url):
    elsewhere = ParticipantFactory(side=SideFactory(dialogue=cast.other_dialogue))

    response = download(client_for(cast["organizer"]), url, elsewhere)

    assert response.status_code == 404


def test_participant_page_offers_export_and_erasure_to_organizers_only(
    cast, person, client_for, url
):
    organizer_page = client_for(cast["organizer"]).get(url("detail", participant_id=person.pk))
    facilitator_page = client_for(cast["facilitator"]).get(url("detail", participant_id=person.pk))

    export = url("person-export", participant_id=person.pk)
    erase = url("person-erase", participant_id=person.pk)
    assert export in organizer_page.text
    assert erase in organizer_page.text
    assert export not in facilitator_page.text
    assert erase not in facilitator_page.text


# --- Erasure --------------------------------------------------------------------------


def reauthenticated(client):
    session = client.session
    session[session_state.AUTHENTICATED_AT_KEY] = session_state.now()
    session.save()
    return client


def stored_plain_text() -> str:
    """Every value of every table, read raw with SQL and decrypted with the app's keys:
    what someone holding both a copy of the database and the key would read."""
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 -- table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, str) and value.startswith(crypto.PREFIX):
                        value = crypto.decrypt(value)
                    values.append(repr(value))
    return "\n".join(values)


def identity_strings():
    return [*IDENTITY.values(), "no peanuts", "visa letter", "trusted by the cabinet", "Hana"]


def test_erase_without_recent_password_asks_for_it(cast, person, client_for, url):
    response = client_for(cast["organizer"]).get(url("person-erase", participant_id=person.pk))

    assert response.status_code == 200
    assert 'name="password"' in response.text
    assert Person.objects.get(pk=person.person_id).erased_at is None
    # It says why it asks, and leads back to the participant, not to the account.
    assert "Erasing a person cannot be undone" in response.text
    assert "Changing your password" not in response.text
    back = reverse("participants:detail", args=[person.dialogue_id, person.pk])
    assert f'href="{back}"' in response.text


def test_erase_confirmation_page_says_plainly_what_happens(cast, person, client_for, url):
    client = reauthenticated(client_for(cast["organizer"]))

    response = client.get(url("person-erase", participant_id=person.pk))

    assert response.status_code == 200
    assert "Erase Hana Identity-Canary?" in response.text
    assert "Erasing cannot be undone." in response.text
    assert "also in any other dialogue they may take part in" in response.text
    assert Person.objects.get(pk=person.person_id).erased_at is None


def test_erase_leaves_no_identity_string_in_the_database(cast, person, client_for, url):
    assert [s for s in identity_strings() if s in stored_plain_text()] == identity_strings()
    client = reauthenticated(client_for(cast["organizer"]))

    response = client.post(url("person-erase", participant_id=person.pk))

    assert response.status_code == 302
    assert [s for s in identity_strings() if s in stored_plain_text()] == []


def test_erase_keeps_contributions_unattributed(cast, person, client_for, url):
    user = UserFactory(email="hana-account@example.org")
    Person.objects.filter(pk=person.person_id).update(user=user)
    client = reauthenticated(client_for(cast["organizer"]))

    client.post(url("person-erase", participant_id=person.pk))

    erased = Participant.objects.select_related("person").get(pk=person.pk)
    assert erased.person.user_id is None
    assert erased.person.erased_at is not None
    assert (erased.side.name, erased.state) == ("North", "confirmed")
    assert list(erased.round_participations.values_list("attended", flat=True)) == [True]
    assert list(
        Invitation.objects.filter(participant=erased).values_list("response", "token_hash")
    ) == [("accepted", None)]
    assert sorted(
        ConsentRecord.objects.filter(participant=erased).values_list("given", flat=True)
    ) == [
        False,
        True,
    ]
    assert not VettingNote.objects.filter(participant__person=erased.person).exists()
    assert Note.objects.get().text == "Said in the room"
    assert Note.objects.get().speaker == ""
    assert Option.objects.get().proposed_by == ""


def test_erased_person_shows_as_erased_person_on_every_page(
    cast, person, client_for, url, django_capture_on_commit_callbacks
):
    client = reauthenticated(client_for(cast["organizer"]))
    client.post(url("person-erase", participant_id=person.pk))

    detail = client.get(url("detail", participant_id=person.pk)).text
    listing = client.get(url("list")).text
    exports = reverse("dialogues:export-list", kwargs={"dialogue_id": cast.dialogue.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(exports, {"kind": "participants", "format": "csv"})
    export = Export.objects.get(created_by=cast["organizer"])
    download = reverse(
        "dialogues:export-download",
        kwargs={"dialogue_id": cast.dialogue.pk, "export_id": export.pk},
    )
    csv_body = client.get(download).content.decode("utf-8-sig")

    assert "<h1>Erased person" in detail
    assert "Erased on " in detail
    assert "Erased person" in listing
    assert "Erased person" in csv_body
    assert [p for p in (detail, listing, csv_body) if "Hana" in p] == []


def test_erase_is_audited_with_ids_and_counts(cast, person, client_for, url):
    client = reauthenticated(client_for(cast["organizer"]))

    client.post(url("person-erase", participant_id=person.pk))

    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSON_ERASED)
    assert (event.actor, event.dialogue, event.object_id, event.detail) == (
        cast["organizer"],
        cast.dialogue,
        str(person.person_id),
        {
            "participant_id": person.pk,
            "vetting_notes": 3,
            "pending_invitations": 1,
            "needs_cleared": 1,
            "attributions_cleared": 2,
        },
    )


def test_erasing_twice_changes_nothing_the_second_time(cast, person, client_for, url):
    client = reauthenticated(client_for(cast["organizer"]))
    client.post(url("person-erase", participant_id=person.pk))

    response = client.post(url("person-erase", participant_id=person.pk))

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSON_ERASED).count() == 1


def test_erased_person_cannot_be_edited_back_to_a_name(cast, person, client_for, url, sides):
    client = reauthenticated(client_for(cast["organizer"]))
    client.post(url("person-erase", participant_id=person.pk))

    response = client.post(
        url("edit", participant_id=person.pk),
        {"name": "Hana Again", "side": sides["north"].pk, "level": "dialogue"},
    )

    assert response.status_code == 422
    assert "This person was erased. Add a new participant instead." in response.text
    assert Person.objects.get(pk=person.person_id).name == ""


@pytest.mark.parametrize("who", ["facilitator", "participant", "observer"])
def test_erase_by_other_roles_is_refused(cast, person, client_for, url, who):
    client = reauthenticated(client_for(cast[who]))

    response = client.post(url("person-erase", participant_id=person.pk))

    assert response.status_code == 403
    assert Person.objects.get(pk=person.person_id).erased_at is None


def test_erase_service_refuses_non_organizers(cast, person):
    with pytest.raises(PermissionDenied):
        erasure.person_erase(actor=cast["facilitator"], participant=person)

    assert Person.objects.get(pk=person.person_id).erased_at is None
