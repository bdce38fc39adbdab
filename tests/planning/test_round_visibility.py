"""Who reads which rounds: the team and observers all, participants their own, funders none;
a round's venue reaches non-team readers only once it is shared."""

import pytest

from dialogues.services.rounds import rounds_visible_to
from tests.factories import (
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
    SessionFactory,
    VenueFactory,
)
from tests.planning.conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(cast, north):
    """Three rounds; the cast's participant takes part in "Shared" and "Unshared" only."""
    venue_a = VenueFactory(dialogue=cast.dialogue, name="Villa Serena", city="Lugano")
    venue_b = VenueFactory(dialogue=cast.dialogue, name="Fjord Lodge", city="Bergen")
    made = {
        "shared": RoundFactory(
            dialogue=cast.dialogue, title="Shared", venue=venue_a, venue_shared=True
        ),
        "unshared": RoundFactory(dialogue=cast.dialogue, title="Unshared", venue=venue_b),
        "other": RoundFactory(dialogue=cast.dialogue, title="Without them"),
    }
    me = ParticipantFactory(side=north, person=PersonFactory(user=cast["participant"]))
    for key in ("shared", "unshared"):
        RoundParticipationFactory(round=made[key], participant=me)
    RoundParticipationFactory(round=made["other"], participant__side=north)
    RoundFactory(dialogue=cast.other_dialogue, title="Elsewhere")
    return made


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("organizer", {"Shared", "Unshared", "Without them"}),
        ("facilitator", {"Shared", "Unshared", "Without them"}),
        ("observer", {"Shared", "Unshared", "Without them"}),
        ("participant", {"Shared", "Unshared"}),
        ("funder", set()),
        ("other_member", {"Elsewhere"}),
        ("outsider", set()),
        ("anonymous", set()),
    ],
)
def test_rounds_visible_to_each_visitor(cast, rounds, who, titles):
    from django.contrib.auth.models import AnonymousUser

    user = cast[who] or AnonymousUser()

    visible = rounds_visible_to(user)

    assert {r.title for r in visible} == titles


def test_round_list_for_participant_shows_only_their_rounds(cast, client_for, rounds):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-list", cast))

    assert [row["round"].title for row in response.context["rows"]] == ["Shared", "Unshared"]


def test_round_list_for_observer_shows_every_round(cast, client_for, rounds):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-list", cast))

    assert [row["round"].title for row in response.context["rows"]] == [
        "Shared",
        "Unshared",
        "Without them",
    ]


def test_round_detail_for_participant_not_taking_part_answers_404(cast, client_for, rounds):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["other"].pk))

    assert response.status_code == 404


def test_round_detail_for_funder_answers_403(cast, client_for, rounds):
    client = client_for(cast["funder"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["shared"].pk))

    assert response.status_code == 403


def test_round_list_for_funder_answers_403(cast, client_for):
    client = client_for(cast["funder"])

    response = client.get(url("dialogues:round-list", cast))

    assert response.status_code == 403


def test_round_detail_unshared_venue_shows_participant_the_city_only(cast, client_for, rounds):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["unshared"].pk))

    body = response.content.decode()
    assert "Bergen" in body
    assert "Fjord Lodge" not in body


def test_round_detail_shared_venue_shows_participant_its_name(cast, client_for, rounds):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["shared"].pk))

    assert "Villa Serena" in response.content.decode()


def test_round_detail_unshared_venue_hidden_from_observer(cast, client_for, rounds):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["unshared"].pk))

    body = response.content.decode()
    assert "Bergen" in body
    assert "Fjord Lodge" not in body


def test_round_detail_unshared_venue_shown_to_the_team(cast, client_for, rounds):
    client = client_for(cast["facilitator"])

    response = client.get(url("dialogues:round-detail", cast, round_id=rounds["unshared"].pk))

    assert "Fjord Lodge" in response.content.decode()


def test_round_list_unshared_venue_shows_participant_the_city_only(cast, client_for, rounds):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-list", cast))

    body = response.content.decode()
    assert ("Bergen" in body, "Fjord Lodge" in body, "Villa Serena" in body) == (True, False, True)


def test_session_detail_of_a_round_participant_does_not_take_part_in_answers_404(
    cast, client_for, rounds
):
    session = SessionFactory(round=rounds["other"])
    client = client_for(cast["participant"])

    response = client.get(url("facilitation:session-detail", cast, session_id=session.pk))

    assert response.status_code == 404
