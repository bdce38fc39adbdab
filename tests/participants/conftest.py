"""Sides of the cast's dialogue and small helpers for the participants area's tests."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
    SideFactory,
)


@pytest.fixture
def sides(cast):
    """Two sides of the conflict and the third party, in JUNIPER."""
    return {
        "north": SideFactory(dialogue=cast.dialogue, name="North"),
        "south": SideFactory(dialogue=cast.dialogue, name="South"),
        "third": SideFactory(dialogue=cast.dialogue, name="Conveners", is_third_party=True),
    }


@pytest.fixture
def upcoming_round(cast):
    start = timezone.localdate() + dt.timedelta(days=20)
    return RoundFactory(
        dialogue=cast.dialogue,
        title="Autumn round",
        starts_on=start,
        ends_on=start + dt.timedelta(days=2),
    )


@pytest.fixture
def url(cast):
    """reverse() for a participants URL of the cast's dialogue."""

    def build(name, **kwargs):
        return reverse(f"participants:{name}", kwargs={"dialogue_id": cast.dialogue.pk, **kwargs})

    return build


@pytest.fixture
def seat(cast, sides, upcoming_round):
    """Put participants, confirmed, in the round the cast's participant takes part in
    (as "Vera Viewer", a conveners' participant): participants see who they will meet."""
    viewer = ParticipantFactory(
        side=sides["third"],
        state="confirmed",
        person=PersonFactory(name="Vera Viewer", user=cast["participant"]),
    )
    RoundParticipationFactory(round=upcoming_round, participant=viewer)

    def seat(*participants, state="confirmed"):
        for participant in participants:
            participant.state = state
            participant.save(update_fields=["state"])
            RoundParticipationFactory(round=upcoming_round, participant=participant)

    return seat
