"""Venue pages that list what grows with the data (issue 9: no page loads an unbounded list):
a venue's rounds, 50 to a page; the comparison, ten venues to a page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import RoundFactory, VenueFactory
from tests.planning.conftest import url
from trackii.workflows.views.venues import COMPARED_PER_PAGE

PER_PAGE = 50


def _rounds_at(cast, venue, n, *, start=0):
    for i in range(start, start + n):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=7 * i)
        RoundFactory(
            dialogue=cast.dialogue, venue=venue, title=f"Round {i:03}", starts_on=day, ends_on=day
        )


def _titles(response):
    return [r.title for r in response.context["rounds"]]


def test_venue_detail_shows_one_page_of_rounds_and_a_link_to_the_next(cast, client_for):
    venue = VenueFactory(dialogue=cast.dialogue)
    _rounds_at(cast, venue, PER_PAGE + 3)
    client = client_for(cast["organizer"])
    page_url = url("dialogues:venue-detail", cast, venue_id=venue.pk)

    first = client.get(page_url)
    second = client.get(page_url, {"page": 2})

    assert _titles(first) == [f"Round {i:03}" for i in range(PER_PAGE)]
    assert 'href="?page=2" rel="next"' in first.text
    assert _titles(second) == [f"Round {i:03}" for i in range(PER_PAGE, PER_PAGE + 3)]
    assert 'rel="next"' not in second.text


def _queries(client, page_url):
    client.get(page_url)  # warm: sessions and lazy setup
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url).status_code == 200
    return len(queries.captured_queries)


def test_venue_detail_costs_the_same_queries_with_few_rounds_or_many(cast, client_for):
    venue = VenueFactory(dialogue=cast.dialogue)
    _rounds_at(cast, venue, 2)
    client = client_for(cast["organizer"])
    page_url = url("dialogues:venue-detail", cast, venue_id=venue.pk)
    few = _queries(client, page_url)

    _rounds_at(cast, venue, 2 * PER_PAGE, start=2)
    many = _queries(client, page_url)

    assert few == many


def test_venue_compare_shows_ten_venues_and_the_rest_on_the_next_page(cast, client_for):
    for i in range(COMPARED_PER_PAGE + 2):
        VenueFactory(dialogue=cast.dialogue, name=f"Venue {i:02}")
    client = client_for(cast["organizer"])
    page_url = url("dialogues:venue-compare", cast)

    first = client.get(page_url)
    second = client.get(page_url, {"page": 2})

    names = [[c.venue.name for c in r.context["comparison"].columns] for r in (first, second)]
    assert names == [
        [f"Venue {i:02}" for i in range(COMPARED_PER_PAGE)],
        [f"Venue {i:02}" for i in range(COMPARED_PER_PAGE, COMPARED_PER_PAGE + 2)],
    ]
    assert 'href="?page=2" rel="next"' in first.text
    assert 'rel="next"' not in second.text


def test_venue_compare_pages_the_chosen_venues_too(cast, client_for):
    venues = [
        VenueFactory(dialogue=cast.dialogue, name=f"Venue {i:02}")
        for i in range(COMPARED_PER_PAGE + 3)
    ]
    chosen = [v.pk for v in venues[1:]]
    client = client_for(cast["organizer"])

    second = client.get(url("dialogues:venue-compare", cast), {"venue": chosen, "page": 2})

    assert [c.venue.name for c in second.context["comparison"].columns] == [
        f"Venue {i:02}" for i in range(COMPARED_PER_PAGE + 1, COMPARED_PER_PAGE + 3)
    ]
    assert 'rel="prev"' in second.text
