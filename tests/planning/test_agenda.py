"""The agenda: a round's sessions day by day, in the venue's local time."""

import datetime as dt

import pytest

from facilitation.services import agenda_days, agenda_sessions
from tests.factories import SessionFactory
from tests.planning.conftest import url, utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(tokyo_round):
    return [
        # 2026-10-12 23:30 UTC is 08:30 on the 13th in Tokyo
        SessionFactory(
            round=tokyo_round,
            title="Breakfast dialogue",
            starts_at=utc(2026, 10, 12, 23, 30),
            ends_at=utc(2026, 10, 13, 0, 30),
        ),
        SessionFactory(
            round=tokyo_round,
            title="Opening",
            starts_at=utc(2026, 10, 12, 0),
            ends_at=utc(2026, 10, 12, 3),
        ),
    ]


def test_agenda_days_group_sessions_by_the_venues_local_day(cast, tokyo_round, sessions):
    days = agenda_days(tokyo_round, agenda_sessions(cast["organizer"], tokyo_round))

    assert [(d.day, [i.session.title for i in d.items]) for d in days] == [
        (dt.date(2026, 10, 12), ["Opening"]),
        (dt.date(2026, 10, 13), ["Breakfast dialogue"]),
        (dt.date(2026, 10, 14), []),
    ]


def test_agenda_days_give_local_start_and_end(cast, tokyo_round, sessions):
    days = agenda_days(tokyo_round, agenda_sessions(cast["organizer"], tokyo_round))

    item = days[1].items[0]
    assert (item.starts.isoformat(), item.ends.isoformat()) == (
        "2026-10-13T08:30:00+09:00",
        "2026-10-13T09:30:00+09:00",
    )


def test_round_agenda_page_shows_days_and_local_times(cast, client_for, tokyo_round, sessions):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-agenda", cast, round_id=tokyo_round.pk))

    body = response.content.decode()
    assert response.status_code == 200
    positions = [
        body.index(text)
        for text in (
            "Monday, October 12, 2026",
            "09:00–12:00",
            "Tuesday, October 13, 2026",
            "08:30–09:30",
            "Wednesday, October 14, 2026",
            "No sessions planned this day.",
        )
    ]
    assert positions == sorted(positions)


def test_round_agenda_names_the_time_zone(cast, client_for, tokyo_round):
    client = client_for(cast["participant"])
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-agenda", cast, round_id=tokyo_round.pk))

    assert "Asia/Tokyo" in response.content.decode()


def test_round_agenda_hides_export_links_from_non_team(cast, client_for, tokyo_round):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-agenda", cast, round_id=tokyo_round.pk))

    body = response.content.decode()
    assert url("dialogues:round-agenda-csv", cast, round_id=tokyo_round.pk) not in body
    assert url("dialogues:round-ics", cast, round_id=tokyo_round.pk) not in body
