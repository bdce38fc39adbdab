"""One participant's page and its edit form: each role sees what it may."""

import pytest

from participants.models import Participant
from tests.factories import ParticipantFactory, PersonFactory, UserFactory
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent


@pytest.fixture
def person_page(cast, sides):
    proposer = UserFactory(display_name="Gil Proposer")
    return ParticipantFactory(
        side=sides["north"],
        state="vetted",
        proposed_by=proposer,
        rationale_access="Golfs with the chief negotiator.",
        person=PersonFactory(
            name="Hana Detail",
            affiliation="Delta Union",
            email="hana@example.org",
            phone="+44 555 0103",
        ),
    )


def detail(client_for, cast, who, url, participant):
    return client_for(cast[who]).get(url("detail", participant_id=participant.pk))


def test_participant_detail_for_organizer_shows_contact_details(cast, person_page, client_for, url):
    page = detail(client_for, cast, "organizer", url, person_page).text

    assert "hana@example.org" in page
    assert "+44 555 0103" in page


def test_participant_detail_for_facilitator_shows_rationale_and_proposer_not_contact(
    cast, person_page, client_for, url
):
    page = detail(client_for, cast, "facilitator", url, person_page).text

    assert "Golfs with the chief negotiator." in page
    assert "Gil Proposer" in page
    assert "Delta Union" in page
    assert "hana@example.org" not in page
    assert "+44 555 0103" not in page


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_participant_detail_for_non_team_shows_name_and_side_only(
    who, cast, person_page, seat, client_for, url
):
    seat(person_page)

    response = detail(client_for, cast, who, url, person_page)

    assert response.status_code == 200
    assert "Hana Detail" in response.text
    assert "North" in response.text
    for hidden in ["Golfs with", "Gil Proposer", "Delta Union", "hana@example.org", "Confirmed"]:
        assert hidden not in response.text


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_participant_detail_of_someone_not_confirmed_for_non_team_is_404(
    who, cast, person_page, seat, client_for, url
):
    seat(person_page, state="invited")

    response = detail(client_for, cast, who, url, person_page)

    assert response.status_code == 404


def test_participant_detail_of_protected_person_for_facilitator_shows_pseudonym(
    cast, sides, client_for, url
):
    protected = ParticipantFactory(
        side=sides["south"], person=PersonFactory(name="Ida Secret", is_protected=True)
    )

    page = detail(client_for, cast, "facilitator", url, protected).text

    assert protected.pseudonym in page
    assert "Ida Secret" not in page
    assert "Protected: organizers only" in page


def test_participant_detail_of_team_level_participant_for_participant_answers_404(
    cast, sides, client_for, url
):
    team_only = ParticipantFactory(side=sides["south"], level=Level.TEAM)

    response = detail(client_for, cast, "participant", url, team_only)

    assert response.status_code == 404


def test_participant_detail_of_another_dialogue_answers_404(cast, client_for, url):
    foreign = ParticipantFactory(side__dialogue=cast.other_dialogue)

    response = detail(client_for, cast, "organizer", url, foreign)

    assert response.status_code == 404


def test_participant_detail_of_restricted_participant_is_audited(cast, sides, client_for, url):
    restricted = ParticipantFactory(
        side=sides["north"], level=Level.RESTRICTED, author=cast["organizer"]
    )

    detail(client_for, cast, "organizer", url, restricted)

    event = AuditEvent.objects.get(action=AuditEvent.Action.RESTRICTED_READ)
    assert (event.object_type, event.object_id) == ("participants.participant", str(restricted.pk))


def edit_data(participant, **overrides):
    person = participant.person
    return {
        "name": person.name,
        "affiliation": person.affiliation,
        "email": person.email,
        "phone": person.phone,
        "side": participant.side_id,
        "level": participant.level,
        **overrides,
    }


def test_participant_edit_by_organizer_saves_person_and_participation(
    cast, sides, person_page, client_for, url
):
    response = client_for(cast["organizer"]).post(
        url("edit", participant_id=person_page.pk),
        edit_data(person_page, affiliation="Delta Trade Union", side=sides["south"].pk),
    )

    person_page.refresh_from_db()
    person_page.person.refresh_from_db()
    assert response.status_code == 302
    assert person_page.person.affiliation == "Delta Trade Union"
    assert person_page.side == sides["south"]


def test_participant_edit_keeps_the_state(cast, person_page, client_for, url):
    client_for(cast["organizer"]).post(
        url("edit", participant_id=person_page.pk), edit_data(person_page, state="confirmed")
    )

    assert Participant.objects.get(pk=person_page.pk).state == "vetted"


def test_participant_edit_with_bad_email_answers_422_and_keeps_input(
    cast, person_page, client_for, url
):
    response = client_for(cast["organizer"]).post(
        url("edit", participant_id=person_page.pk),
        edit_data(person_page, email="not-an-address", affiliation="Typed Union"),
    )

    assert response.status_code == 422
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="Typed Union"' in response.text


def test_participant_edit_by_facilitator_answers_403(cast, person_page, client_for, url):
    response = client_for(cast["facilitator"]).get(url("edit", participant_id=person_page.pk))

    assert response.status_code == 403
