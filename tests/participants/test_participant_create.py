"""Adding a participant: one form for the person and their participation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participants.models import Participant, Person
from participants.services.participants import participant_create
from tests.factories import (
    DialogueFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
    SideFactory,
)


def participant_named(name):
    """Names are encrypted at rest: SQL cannot look them up, so look in Python."""
    [participant] = [
        p for p in Participant.objects.select_related("person") if p.person.name == name
    ]
    return participant


def form_data(side, **overrides):
    return {
        "name": "Dana Newcomer",
        "affiliation": "Coastal Forum",
        "position": "Chair",
        "position_kind": "civil_society",
        "country": "Northland",
        "languages": "English, Arabic",
        "gender": "woman",
        "email": "dana@example.org",
        "phone": "+1 555 0102",
        "side": side.pk,
        "level": "team",
        "state": "proposed",
        "rationale_influence": "Listened to by the coastal mayors.",
        **overrides,
    }


def test_participant_create_by_organizer_saves_person_and_participant(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(url("create"), form_data(sides["north"]))

    participant = participant_named("Dana Newcomer")
    assert response.status_code == 302
    assert response["Location"] == url("detail", participant_id=participant.pk)
    assert (participant.side, participant.level, participant.state) == (
        sides["north"],
        "team",
        "proposed",
    )
    assert (participant.person.email, participant.person.phone) == (
        "dana@example.org",
        "+1 555 0102",
    )
    assert participant.rationale_influence == "Listened to by the coastal mayors."


def test_participant_create_records_the_organizer_as_proposer_and_author(
    cast, sides, client_for, url
):
    client_for(cast["organizer"]).post(url("create"), form_data(sides["north"]))

    participant = participant_named("Dana Newcomer")
    assert (participant.proposed_by, participant.author) == (cast["organizer"], cast["organizer"])


def test_participant_create_with_side_of_another_dialogue_answers_422_and_keeps_input(
    cast, sides, client_for, url
):
    foreign = SideFactory(dialogue=cast.other_dialogue, name="Foreign side")

    response = client_for(cast["organizer"]).post(url("create"), form_data(foreign))

    assert response.status_code == 422
    assert response.context["form"].errors["side"] == ["Choose one of this dialogue's sides."]
    assert 'value="Dana Newcomer"' in response.text
    assert [p for p in Person.objects.all() if p.name == "Dana Newcomer"] == []


def test_participant_create_with_overlong_name_answers_422(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(
        url("create"), form_data(sides["north"], name="x" * 201)
    )

    assert response.status_code == 422
    assert response.context["form"].errors["name"] == [
        "Ensure this value has at most 200 characters (it has 201)."
    ]


def test_participant_create_with_bad_email_answers_422_and_keeps_input(
    cast, sides, client_for, url
):
    response = client_for(cast["organizer"]).post(
        url("create"), form_data(sides["north"], email="dana-at-example")
    )

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="dana-at-example"' in response.text
    assert 'value="Coastal Forum"' in response.text
    assert "Please correct the errors below." in response.text


def test_participant_create_without_a_name_answers_422(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(url("create"), form_data(sides["north"], name=""))

    assert response.status_code == 422
    assert response.context["form"].errors["name"] == [
        "Type the person's name, or choose someone from the list."
    ]


def test_participant_create_with_restricted_level_answers_422(cast, sides, client_for, url):
    response = client_for(cast["organizer"]).post(
        url("create"), form_data(sides["north"], level="restricted")
    )

    assert response.status_code == 422
    assert "level" in response.context["form"].errors


def test_participant_create_by_facilitator_answers_403(cast, sides, client_for, url):
    response = client_for(cast["facilitator"]).post(url("create"), form_data(sides["north"]))

    assert response.status_code == 403
    assert [p for p in Person.objects.all() if p.name == "Dana Newcomer"] == []


def test_participant_create_service_refuses_a_facilitator(cast, sides):
    with pytest.raises(PermissionDenied):
        participant_create(
            actor=cast["facilitator"],
            dialogue=cast.dialogue,
            side=sides["north"],
            person_data={"name": "Dana Newcomer"},
        )


@pytest.fixture
def known_person(cast):
    """Someone in another dialogue of the organization the cast's organizer organizes too."""
    second = DialogueFactory(organization=cast.organization)
    MembershipFactory(dialogue=second, user=cast["organizer"], role="organizer")
    person = PersonFactory(name="Eli Known", affiliation="River Council")
    ParticipantFactory(person=person, side__dialogue=second)
    return person


def test_participant_create_offers_people_from_dialogues_the_organizer_organizes(
    cast, sides, known_person, client_for, url
):
    response = client_for(cast["organizer"]).get(url("create"))

    assert response.context["form"].fields["existing_person"].choices == [
        ("", "— a new person —"),
        (known_person.pk, "Eli Known (River Council)"),
    ]


def test_participant_create_reuses_an_existing_person(cast, sides, known_person, client_for, url):
    response = client_for(cast["organizer"]).post(
        url("create"),
        {
            "existing_person": known_person.pk,
            "side": sides["south"].pk,
            "level": "team",
            "state": "proposed",
        },
    )

    assert response.status_code == 302
    assert (
        Participant.objects.get(dialogue=cast.dialogue, person=known_person).side == sides["south"]
    )


def test_participant_create_never_offers_people_of_dialogues_the_organizer_does_not_organize(
    cast, sides, client_for, url
):
    stranger = PersonFactory(name="Fay Elsewhere")
    ParticipantFactory(person=stranger, side__dialogue=cast.other_dialogue)

    response = client_for(cast["organizer"]).get(url("create"))

    assert "existing_person" not in response.context["form"].fields
    assert "Fay Elsewhere" not in response.text


def test_participant_create_refuses_a_person_of_another_dialogue_by_id(
    cast, sides, client_for, url
):
    stranger = PersonFactory(name="Fay Elsewhere")
    ParticipantFactory(person=stranger, side__dialogue=cast.other_dialogue)

    client_for(cast["organizer"]).post(
        url("create"),
        {
            "existing_person": stranger.pk,
            "side": sides["south"].pk,
            "level": "team",
            "state": "proposed",
        },
    )

    assert Participant.objects.filter(dialogue=cast.dialogue, person=stranger).exists() is False


def test_participant_create_service_refuses_a_person_the_organizer_may_not_reuse(cast, sides):
    stranger = PersonFactory(name="Fay Elsewhere")
    ParticipantFactory(person=stranger, side__dialogue=cast.other_dialogue)

    with pytest.raises(ValidationError) as excinfo:
        participant_create(
            actor=cast["organizer"], dialogue=cast.dialogue, side=sides["north"], person=stranger
        )

    assert excinfo.value.message_dict == {
        "existing_person": ["Choose someone from the list, or type a new person."]
    }
