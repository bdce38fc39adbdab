"""Planning fixtures: the standing cast's dialogue with two sides, and URL helpers."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import RoundFactory, SideFactory, VenueFactory


def url(name, cast, **kwargs):
    return reverse(name, kwargs={"dialogue_id": cast.dialogue.pk, **kwargs})


@pytest.fixture
def north(cast):
    return SideFactory(dialogue=cast.dialogue, name="Northern Council")


@pytest.fixture
def south(cast):
    return SideFactory(dialogue=cast.dialogue, name="Southern Assembly")


@pytest.fixture
def tokyo_round(cast):
    """A three-day round at a venue in Tokyo (UTC+9, no daylight saving)."""
    venue = VenueFactory(
        dialogue=cast.dialogue,
        name="Harbour Hotel",
        city="Tokyo",
        country="Japan",
        time_zone="Asia/Tokyo",
    )
    return RoundFactory(
        dialogue=cast.dialogue,
        title="Tokyo round",
        venue=venue,
        starts_on=dt.date(2026, 10, 12),
        ends_on=dt.date(2026, 10, 14),
    )


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)
