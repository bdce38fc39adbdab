"""Privacy cases for venues, rounds, sessions, the agenda and its exports.

Who reads what (issue "Planning for organizers"; dialogues.services.rounds):
- venues (name, ratings, costs, notes, access per side): the team; organizers write;
- rounds and their sessions: the team and observers all of them, participants only
  the rounds they take part in; funders none; organizers write;
- a round's venue name: the team, and everyone else who reads the round once an
  organizer shared it (before that they see the city only);
- who facilitates a session: the team;
- the agenda's CSV and iCalendar exports: the team.
"""

import datetime as dt

from participants.models import Person
from tests.factories import (
    ParticipantFactory,
    RoundFactory,
    RoundParticipationFactory,
    SessionFactory,
    VenueFactory,
    VenueSideAccessFactory,
)
from tests.privacy.url_cases import CONTENT, TEAM, Case, in_dialogue
from trackii.privacy.levels import Level

ORGANIZER = ["organizer"]
ALL_ROUNDS = [*TEAM, "observer"]

CANARIES = {
    "CANARY-VENUE-NAME-UNSHARED": {"organizer", "facilitator"},
    "CANARY-VENUE-NAME-SHARED": {"organizer", "facilitator", "participant", "observer"},
    "CANARY-VENUE-NOTES": {"organizer", "facilitator"},
    "CANARY-VENUE-SIDE-NOTES": {"organizer", "facilitator"},
    "CANARY-ROUND-OBJECTIVE": {"organizer", "facilitator", "participant", "observer"},
    "CANARY-SESSION-AGENDA-ITEM": {"organizer", "facilitator", "participant", "observer"},
    # a round the participant does not take part in: they may not know it exists
    "CANARY-ROUND-TITLE-NOT-MINE": {"organizer", "facilitator", "observer"},
    "CANARY-ROUND-OBJECTIVE-NOT-MINE": {"organizer", "facilitator", "observer"},
    "CANARY-SESSION-AGENDA-NOT-MINE": {"organizer", "facilitator", "observer"},
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def plant(world):
    dialogue = world.dialogue
    open_participant = world.participants["open"]
    side = open_participant.side
    # The cast's participant takes part through the world's open participant
    # (unless another area already gave their account a Person).
    person = Person.objects.filter(user=world.cast["participant"]).first()
    if person is None:
        person = open_participant.person
        person.user = world.cast["participant"]
        person.save()
    participant = person.participations.filter(dialogue=dialogue).first() or ParticipantFactory(
        side=side, person=person, level=Level.DIALOGUE
    )

    shared_venue = VenueFactory(
        dialogue=dialogue,
        name="CANARY-VENUE-NAME-SHARED",
        city="Geneva",
        country="Switzerland",
        time_zone="Europe/Zurich",
        notes="CANARY-VENUE-NOTES",
    )
    private_venue = VenueFactory(
        dialogue=dialogue,
        name="CANARY-VENUE-NAME-UNSHARED",
        city="Oslo",
        country="Norway",
        time_zone="Europe/Oslo",
        notes="CANARY-VENUE-NOTES",
    )
    VenueSideAccessFactory(
        venue=private_venue, side=side, visa_needed=True, notes="CANARY-VENUE-SIDE-NOTES"
    )

    shared = RoundFactory(
        dialogue=dialogue,
        title="Geneva round",
        starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2026, 11, 4),
        venue=shared_venue,
        venue_shared=True,
        objectives="CANARY-ROUND-OBJECTIVE",
    )
    unshared = RoundFactory(
        dialogue=dialogue,
        title="Oslo round",
        starts_on=dt.date(2026, 12, 7),
        ends_on=dt.date(2026, 12, 9),
        venue=private_venue,
        venue_shared=False,
    )
    not_mine = RoundFactory(
        dialogue=dialogue,
        title="CANARY-ROUND-TITLE-NOT-MINE",
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 1, 12),
        objectives="CANARY-ROUND-OBJECTIVE-NOT-MINE",
    )
    for round_ in (shared, unshared):
        RoundParticipationFactory(round=round_, participant=participant)

    session = SessionFactory(
        round=shared,
        title="Geneva opening",
        agenda_item="CANARY-SESSION-AGENDA-ITEM",
        starts_at=_at(shared.starts_on, 8),
        ends_at=_at(shared.starts_on, 11),
    )
    session.facilitators.add(world.cast["facilitator"])
    SessionFactory(
        round=unshared,
        title="Oslo opening",
        starts_at=_at(unshared.starts_on, 8),
        ends_at=_at(unshared.starts_on, 11),
    )
    hidden_session = SessionFactory(
        round=not_mine,
        title="Closed session",
        agenda_item="CANARY-SESSION-AGENDA-NOT-MINE",
        starts_at=_at(not_mine.starts_on, 9),
        ends_at=_at(not_mine.starts_on, 12),
    )
    world.objects.update(
        {
            "rounds_shared_venue": shared_venue,
            "rounds_private_venue": private_venue,
            "rounds_shared": shared,
            "rounds_unshared": unshared,
            "rounds_not_mine": not_mine,
            "rounds_session": session,
            "rounds_hidden_session": hidden_session,
        }
    )


def dialogue(w):
    return {"dialogue_id": w.dialogue.pk}


def venue(key):
    return lambda w: {"dialogue_id": w.dialogue.pk, "venue_id": w.objects[key].pk}


def round_of(key):
    return lambda w: {"dialogue_id": w.dialogue.pk, "round_id": w.objects[key].pk}


def session_of(key):
    return lambda w: {"dialogue_id": w.dialogue.pk, "session_id": w.objects[key].pk}


def venue_data(w):
    side = w.participants["open"].side_id
    return {
        "name": "Lakeside house",
        "country": "Austria",
        "city": "Vienna",
        "kind": "retreat",
        "time_zone": "Europe/Vienna",
        "capacity": "24",
        "cost_per_day": "1800",
        "currency": "EUR",
        "neutrality": "5",
        f"side-{side}-visa_needed": "on",
        f"side-{side}-travel_hours": "6.5",
    }


def round_data(w):
    return {
        "title": "Vienna round",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-03",
        "venue": w.objects["rounds_private_venue"].pk,
        "methodology": "sustained",
    }


def round_edit_data(w):
    unshared = w.objects["rounds_unshared"]
    return {
        "title": "Oslo round (revised)",
        "starts_on": unshared.starts_on.isoformat(),
        "ends_on": unshared.ends_on.isoformat(),
        "venue": unshared.venue_id,
        "venue_shared": "on",
        "methodology": "scenarios",
    }


def session_data(w):
    return {
        "title": "Working group B",
        "format": "working_group",
        "starts_at": "2026-11-03T14:00",
        "ends_at": "2026-11-03T17:30",
        "facilitators": [w.cast["organizer"].pk],
    }


def compare_data(w):
    return {
        "round": w.objects["rounds_unshared"].pk,
        "venue": [w.objects["rounds_shared_venue"].pk, w.objects["rounds_private_venue"].pk],
    }


NOT_MINE = in_dialogue(ALL_ROUNDS, hidden=["participant"])

CASES = [
    # venues: the team reads, organizers write
    Case("dialogues:venue-list", in_dialogue(TEAM), kwargs=dialogue),
    Case("dialogues:venue-create", in_dialogue(ORGANIZER), kwargs=dialogue, label="form"),
    Case(
        "dialogues:venue-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=venue_data,
        label="post",
    ),
    Case(
        "dialogues:venue-detail",
        in_dialogue(TEAM),
        kwargs=venue("rounds_private_venue"),
        label="unshared",
    ),
    Case(
        "dialogues:venue-detail",
        in_dialogue(TEAM),
        kwargs=venue("rounds_shared_venue"),
        label="shared",
    ),
    Case(
        "dialogues:venue-edit",
        in_dialogue(ORGANIZER),
        kwargs=venue("rounds_private_venue"),
        label="form",
    ),
    Case(
        "dialogues:venue-edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=venue("rounds_private_venue"),
        method="post",
        data=venue_data,
        label="post",
    ),
    Case("dialogues:venue-compare", in_dialogue(TEAM), kwargs=dialogue, label="all"),
    Case(
        "dialogues:venue-compare",
        in_dialogue(TEAM),
        kwargs=dialogue,
        data=compare_data,
        label="round",
    ),
    # rounds: content roles read (participants their own), organizers write
    Case("dialogues:round-list", in_dialogue(CONTENT), kwargs=dialogue),
    Case("dialogues:round-create", in_dialogue(ORGANIZER), kwargs=dialogue, label="form"),
    Case(
        "dialogues:round-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=dialogue,
        method="post",
        data=round_data,
        label="post",
    ),
    Case(
        "dialogues:round-detail",
        in_dialogue(CONTENT),
        kwargs=round_of("rounds_shared"),
        label="shared",
    ),
    Case(
        "dialogues:round-detail",
        in_dialogue(CONTENT),
        kwargs=round_of("rounds_unshared"),
        label="unshared",
    ),
    Case("dialogues:round-detail", NOT_MINE, kwargs=round_of("rounds_not_mine"), label="not-mine"),
    Case(
        "dialogues:round-edit",
        in_dialogue(ORGANIZER),
        kwargs=round_of("rounds_shared"),
        label="form",
    ),
    Case(
        "dialogues:round-edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=round_of("rounds_unshared"),
        method="post",
        data=round_edit_data,
        label="post",
    ),
    Case(
        "dialogues:round-agenda",
        in_dialogue(CONTENT),
        kwargs=round_of("rounds_shared"),
        label="shared",
    ),
    Case(
        "dialogues:round-agenda",
        in_dialogue(CONTENT),
        kwargs=round_of("rounds_unshared"),
        label="unshared",
    ),
    Case("dialogues:round-agenda", NOT_MINE, kwargs=round_of("rounds_not_mine"), label="not-mine"),
    Case("dialogues:round-agenda-csv", in_dialogue(TEAM), kwargs=round_of("rounds_shared")),
    Case("dialogues:round-ics", in_dialogue(TEAM), kwargs=round_of("rounds_unshared")),
    # sessions: read with their round, organizers write
    Case(
        "facilitation:session-create",
        in_dialogue(ORGANIZER),
        kwargs=round_of("rounds_shared"),
        label="form",
    ),
    Case(
        "facilitation:session-create",
        in_dialogue(ORGANIZER, 302),
        kwargs=round_of("rounds_shared"),
        method="post",
        data=session_data,
        label="post",
    ),
    Case(
        "facilitation:session-detail",
        in_dialogue(CONTENT),
        kwargs=session_of("rounds_session"),
        label="mine",
    ),
    Case(
        "facilitation:session-detail",
        NOT_MINE,
        kwargs=session_of("rounds_hidden_session"),
        label="not-mine",
    ),
    Case(
        "facilitation:session-edit",
        in_dialogue(ORGANIZER),
        kwargs=session_of("rounds_session"),
        label="form",
    ),
    Case(
        "facilitation:session-edit",
        in_dialogue(ORGANIZER, 302),
        kwargs=session_of("rounds_session"),
        method="post",
        data=session_data,
        label="post",
    ),
]
