"""Data for report tests: a dialogue's world of people, readings, steps and options,
with canary strings where a report must never show them."""

import datetime as dt

import pytest

from facilitation.models import Option, OptionEvent, OptionTopic, Transfer, TrustReading, TrustStep
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    RoundParticipationFactory,
    SessionFactory,
    SideFactory,
    VenueFactory,
)
from trackii.privacy.levels import Level

AT = dt.datetime(2026, 10, 12, 10, 0, tzinfo=dt.UTC)


def attend(round_, side, n, *, prefix="Person", affiliation=""):
    for i in range(n):
        participant = ParticipantFactory(
            side=side,
            person=PersonFactory(
                name=f"{prefix} {side.name} {i}",
                affiliation=affiliation,
                position_kind="academic",
            ),
        )
        RoundParticipationFactory(round=round_, participant=participant, attended=True)


def readings(session, side, scores):
    for trust in scores:
        TrustReading.objects.create(
            session=session, side=side, trust=trust, belief=trust, source="anonymous"
        )


def option(
    dialogue,
    session,
    title,
    *,
    level=Level.REPORTABLE,
    states=("floated",),
    topic=None,
    publishable=False,
    at=AT,
):
    item = Option.objects.create(
        dialogue=dialogue,
        session=session,
        title=title,
        text=f"{title} text",
        level=level,
        publishable=publishable,
    )
    previous = ""
    for state in states:
        OptionEvent.objects.create(option=item, from_state=previous, to_state=state, at=at)
        previous = state
    Option.objects.filter(pk=item.pk).update(state=previous)
    if topic:
        OptionTopic.objects.create(option=item, topic=topic)
    return item


@pytest.fixture
def data(cast):
    """JUNIPER with two sides (6 and 2 attending), readings (6 and 3), steps, options,
    a transfer, and canaries in every place a report must not show."""
    dialogue = cast.dialogue
    north = SideFactory(dialogue=dialogue, name="North")
    south = SideFactory(dialogue=dialogue, name="South")
    venue = VenueFactory(dialogue=dialogue, name="CANARY-VENUE-NAME")
    round_ = RoundFactory(dialogue=dialogue, title="CANARY-ROUND-TITLE", venue=venue)
    session = SessionFactory(
        round=round_, title="CANARY-SESSION-TITLE", starts_at=AT, ends_at=AT + dt.timedelta(hours=2)
    )
    attend(round_, north, 6, prefix="CANARY-NAME", affiliation="CANARY-AFFILIATION")
    attend(round_, south, 2, prefix="CANARY-NAME", affiliation="CANARY-AFFILIATION")
    readings(session, north, [4, 4, 3, 5, 4, 4])
    readings(session, south, [2, 3, 1])
    for level in (Level.TEAM, Level.DIALOGUE, Level.REPORTABLE):
        NoteFactory(
            session=session, text=f"CANARY-NOTE-{level}", speaker="CANARY-SPEAKER", level=level
        )
    TrustStep.objects.create(
        dialogue=dialogue,
        session=session,
        kind="meal",
        observed="CANARY-STEP-OBSERVED",
        effect=2,
        level=Level.REPORTABLE,
    )
    TrustStep.objects.create(
        dialogue=dialogue,
        session=session,
        kind="meal",
        observed="CANARY-TEAM-STEP",
        effect=-2,
        level=Level.TEAM,
    )
    option(
        dialogue, session, "CANARY-OPTION-TITLE", states=("floated", "explored"), topic="ceasefire"
    )
    option(dialogue, session, "CANARY-OPTION-TITLE-2", topic="territory")
    option(dialogue, session, "CANARY-TEAM-OPTION", level=Level.TEAM)
    Transfer.objects.create(
        dialogue=dialogue,
        transferred_on=dt.date(2026, 10, 20),
        channel="briefing",
        recipient_kind="ministry",
        insight="CANARY-TRANSFER-INSIGHT",
        level=Level.REPORTABLE,
        response="CANARY-TRANSFER-RESPONSE",
    )
    return {"north": north, "south": south, "round": round_, "session": session}
