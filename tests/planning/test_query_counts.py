"""List pages of this area cost a fixed number of queries, whatever the number of rows."""

import datetime as dt

import pytest

from tests.factories import (
    RoundFactory,
    RoundParticipationFactory,
    SessionFactory,
    VenueFactory,
    VenueSideAccessFactory,
)
from tests.planning.conftest import url, utc

pytestmark = pytest.mark.django_db


def grow(cast, north, tokyo_round, size):
    for i in range(size):
        venue = VenueFactory(dialogue=cast.dialogue, name=f"Venue {i:03}")
        VenueSideAccessFactory(venue=venue, side=north, visa_needed=bool(i % 2))
        round_ = RoundFactory(dialogue=cast.dialogue, venue=venue, venue_shared=bool(i % 2))
        RoundParticipationFactory(round=round_, participant__side=north)
        SessionFactory(round=round_)
        session = SessionFactory(
            round=tokyo_round,
            starts_at=utc(2026, 10, 12, 0) + dt.timedelta(hours=i),
            ends_at=utc(2026, 10, 12, 0, 30) + dt.timedelta(hours=i),
        )
        session.facilitators.add(cast["facilitator"], cast["organizer"])


# Every page: user, membership (2; the session comes from the cache). Then:
PAGES = [
    ("dialogues:venue-list", "organizer", 3, {}),  # every venue (sorted by name in Python)
    ("dialogues:round-list", "organizer", 4, {}),  # count, page (venues joined)
    ("dialogues:round-list", "observer", 4, {}),
    ("dialogues:round-agenda", "facilitator", 5, {"round": True}),  # round, sessions, facilitators
    ("dialogues:round-agenda", "observer", 5, {"round": True}),
    # the form's rounds and venues; the compared venues (count, page), their access, sides,
    # confirmed counts
    ("dialogues:venue-compare", "organizer", 8, {}),
]


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("url_name", "who", "queries", "options"), PAGES)
def test_planning_page_query_count_is_fixed(
    url_name,
    who,
    queries,
    options,
    size,
    cast,
    north,
    tokyo_round,
    client_for,
    django_assert_num_queries,
):
    grow(cast, north, tokyo_round, size)
    client = client_for(cast[who])
    kwargs = {"round_id": tokyo_round.pk} if options.get("round") else {}

    with django_assert_num_queries(queries):
        response = client.get(url(url_name, cast, **kwargs))

    assert response.status_code == 200
