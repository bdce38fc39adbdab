"""Comparing candidate venues for a round: cost for its days, capacity, visas per side."""

import datetime as dt
from decimal import Decimal

import pytest

from dialogues.models import Venue
from tests.factories import (
    ParticipantFactory,
    RoundFactory,
    RoundParticipationFactory,
    VenueFactory,
    VenueSideAccessFactory,
)
from tests.planning.conftest import url
from trackii.privacy.levels import Level
from trackii.workflows.venues import venue_comparison

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(cast, north, south):
    """Two venues: Geneva needs a visa for the north, Nicosia for the south."""
    geneva = VenueFactory(
        dialogue=cast.dialogue, name="Geneva", cost_per_day=Decimal("1250.50"), capacity=3
    )
    nicosia = VenueFactory(
        dialogue=cast.dialogue, name="Nicosia", cost_per_day=Decimal("800"), capacity=40
    )
    VenueSideAccessFactory(venue=geneva, side=north, visa_needed=True, travel_hours=Decimal("9"))
    VenueSideAccessFactory(venue=geneva, side=south, visa_needed=False)
    VenueSideAccessFactory(venue=nicosia, side=north, visa_needed=False)
    VenueSideAccessFactory(venue=nicosia, side=south, visa_needed=True)
    return geneva, nicosia


@pytest.fixture
def people(cast, north, south):
    """North: 3 confirmed, 1 invited. South: 2 confirmed, 1 declined."""
    made = []
    for side, states in [
        (north, ["confirmed", "confirmed", "confirmed", "invited"]),
        (south, ["confirmed", "confirmed", "declined"]),
    ]:
        made += [ParticipantFactory(side=side, state=s, level=Level.DIALOGUE) for s in states]
    return made


@pytest.fixture
def three_day_round(cast, people):
    round_ = RoundFactory(
        dialogue=cast.dialogue, starts_on=dt.date(2026, 10, 12), ends_on=dt.date(2026, 10, 14)
    )
    for participant in people[:4]:
        RoundParticipationFactory(round=round_, participant=participant)
    return round_


def compare(cast, round_=None, venues=None):
    return venue_comparison(
        user=cast["organizer"],
        dialogue=cast.dialogue,
        venues=venues or Venue.objects.filter(dialogue=cast.dialogue),
        round_=round_,
    )


def test_venue_comparison_total_cost_is_cost_per_day_times_days(cast, candidates, three_day_round):
    result = compare(cast, three_day_round)

    assert [(c.venue.name, c.days, c.total_cost) for c in result.columns] == [
        ("Geneva", 3, Decimal("3751.50")),
        ("Nicosia", 3, Decimal("2400")),
    ]


def test_venue_comparison_counts_confirmed_participants_needing_a_visa_by_side(
    cast, candidates, three_day_round
):
    result = compare(cast, three_day_round)

    assert {
        c.venue.name: [(s.side.name, s.visa_needed, s.confirmed, s.needing_visa) for s in c.sides]
        for c in result.columns
    } == {
        "Geneva": [("Northern Council", True, 3, 3), ("Southern Assembly", False, 2, 0)],
        "Nicosia": [("Northern Council", False, 3, 0), ("Southern Assembly", True, 2, 2)],
    }


def test_venue_comparison_checks_capacity_against_round_participants(
    cast, candidates, three_day_round
):
    result = compare(cast, three_day_round)

    assert result.round_participants == 4
    assert [(c.venue.name, c.fits, c.shortfall) for c in result.columns] == [
        ("Geneva", False, 1),
        ("Nicosia", True, 0),
    ]


def test_venue_comparison_without_round_gives_no_totals(cast, candidates):
    result = compare(cast)

    assert [(c.total_cost, c.fits) for c in result.columns] == [(None, None), (None, None)]


def test_venue_comparison_side_without_record_shows_not_recorded(cast, north):
    VenueFactory(dialogue=cast.dialogue, name="Unknown")

    result = compare(cast)

    assert [(s.visa_needed, s.needing_visa) for s in result.columns[0].sides] == [(None, 0)]


def test_venue_compare_page_shows_chosen_venues_only(cast, client_for, candidates, three_day_round):
    geneva, _nicosia = candidates
    client = client_for(cast["facilitator"])

    response = client.get(
        url("dialogues:venue-compare", cast), {"round": three_day_round.pk, "venue": [geneva.pk]}
    )

    assert response.status_code == 200
    assert [c.venue.name for c in response.context["comparison"].columns] == ["Geneva"]


def test_venue_compare_page_shows_cost_and_visa_numbers(
    cast, client_for, candidates, three_day_round
):
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:venue-compare", cast), {"round": three_day_round.pk})

    body = response.content.decode()
    assert "<td>€3,751.50</td>" in body
    assert "<td>3 of 3</td>" in body
    assert "<td>2 of 2</td>" in body
    assert "(1 place short)" in body


def test_venue_compare_htmx_request_renders_the_comparison_only(cast, client_for, candidates):
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:venue-compare", cast), headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="comparison">')
    assert "<html" not in body


def test_venue_compare_with_another_dialogues_venue_answers_422(cast, client_for, candidates):
    elsewhere = VenueFactory(dialogue=cast.other_dialogue)
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:venue-compare", cast), {"venue": [elsewhere.pk]})

    assert response.status_code == 422
    assert "Choose among this dialogue&#x27;s venues." in response.content.decode()


def test_venue_compare_for_observer_answers_403(cast, client_for):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:venue-compare", cast))

    assert response.status_code == 403
