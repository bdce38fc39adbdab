"""The agenda's exports for the team: CSV (injection-safe) and iCalendar; both audited."""

import csv
import io

import pytest

from facilitation.services import ics_escape, ics_fold
from tests.factories import SessionFactory
from tests.planning.conftest import url, utc
from trackii.privacy.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast, tokyo_round):
    s = SessionFactory(
        round=tokyo_round,
        title='=HYPERLINK("http://evil.example","Click")',
        agenda_item="+1 then -2; @everyone",
        starts_at=utc(2026, 10, 12, 0),
        ends_at=utc(2026, 10, 12, 3),
    )
    s.facilitators.add(cast["facilitator"])
    return s


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_round_agenda_csv_rows_are_local_times_with_formulas_neutralized(
    cast, client_for, tokyo_round, session
):
    client = client_for(cast["facilitator"])

    response = client.get(url("dialogues:round-agenda-csv", cast, round_id=tokyo_round.pk))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_rows(response) == [
        ["Date", "Starts", "Ends", "Time zone", "Session", "Format", "Agenda item", "Facilitators"],
        [
            "2026-10-12",
            "09:00",
            "12:00",
            "Asia/Tokyo",
            '\'=HYPERLINK("http://evil.example","Click")',
            "Plenary",
            "'+1 then -2; @everyone",
            "The facilitator",
        ],
    ]


def test_round_agenda_csv_is_audited_as_an_export(cast, client_for, tokyo_round, session):
    client = client_for(cast["organizer"])

    client.get(url("dialogues:round-agenda-csv", cast, round_id=tokyo_round.pk))

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.action, event.actor, event.dialogue, event.object_id, event.detail) == (
        AuditEvent.Action.EXPORT,
        cast["organizer"],
        cast.dialogue,
        str(tokyo_round.pk),
        {"format": "csv", "what": "agenda", "sessions": 1},
    )


def test_round_agenda_csv_for_observer_answers_403_and_audits_nothing(
    cast, client_for, tokyo_round, session
):
    client = client_for(cast["observer"])

    response = client.get(url("dialogues:round-agenda-csv", cast, round_id=tokyo_round.pk))

    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 0


def test_round_ics_has_one_event_per_session_in_utc(cast, client_for, tokyo_round):
    first = SessionFactory(
        round=tokyo_round,
        title="Opening",
        starts_at=utc(2026, 10, 12, 0),
        ends_at=utc(2026, 10, 12, 3),
    )
    second = SessionFactory(
        round=tokyo_round,
        title="Closing",
        starts_at=utc(2026, 10, 14, 6),
        ends_at=utc(2026, 10, 14, 7, 30),
    )
    client = client_for(cast["organizer"])

    response = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk))

    body = response.content.decode()
    events = [
        [line for line in block.split("\r\n") if not line.startswith("DTSTAMP:")]
        for block in body.split("BEGIN:VEVENT\r\n")[1:]
    ]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//trackii//agenda//EN\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert events == [
        [
            f"UID:session-{first.pk}@trackii",
            "DTSTART:20261012T000000Z",
            "DTEND:20261012T030000Z",
            "SUMMARY:Opening",
            "LOCATION:Tokyo",
            "END:VEVENT",
            "",
        ],
        [
            f"UID:session-{second.pk}@trackii",
            "DTSTART:20261014T060000Z",
            "DTEND:20261014T073000Z",
            "SUMMARY:Closing",
            "LOCATION:Tokyo",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ],
    ]


def test_round_ics_uses_crlf_line_endings_only(cast, client_for, tokyo_round, session):
    client = client_for(cast["organizer"])

    body = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk)).content

    assert body.count(b"\n") == body.count(b"\r\n")
    assert body.count(b"\r") == body.count(b"\r\n")


def test_round_ics_escapes_summary_text(cast, client_for, tokyo_round):
    SessionFactory(
        round=tokyo_round,
        title="Trust, security; back\\slash\nnext",
        starts_at=utc(2026, 10, 12, 0),
        ends_at=utc(2026, 10, 12, 1),
    )
    client = client_for(cast["organizer"])

    body = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk)).content.decode()

    assert "SUMMARY:Trust\\, security\\; back\\\\slash\\nnext\r\n" in body


def test_round_ics_carries_no_venue_name_agenda_or_people(cast, client_for, tokyo_round, session):
    client = client_for(cast["organizer"])

    body = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk)).content.decode()

    assert ("Harbour Hotel" in body, "@everyone" in body, "The facilitator" in body) == (
        False,
        False,
        False,
    )


def test_round_ics_folds_long_lines_at_75_octets(cast, client_for, tokyo_round):
    SessionFactory(
        round=tokyo_round,
        title="Ü" * 100,
        starts_at=utc(2026, 10, 12, 0),
        ends_at=utc(2026, 10, 12, 1),
    )
    client = client_for(cast["organizer"])

    body = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk)).content

    lines = body.split(b"\r\n")
    unfolded = body.decode().replace("\r\n ", "")
    assert max(len(line) for line in lines) <= 75
    assert "SUMMARY:" + "Ü" * 100 + "\r\n" in unfolded


def test_round_ics_is_audited_as_an_export(cast, client_for, tokyo_round, session):
    client = client_for(cast["facilitator"])

    client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk))

    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.action, event.actor, event.object_id, event.detail) == (
        AuditEvent.Action.EXPORT,
        cast["facilitator"],
        str(tokyo_round.pk),
        {"format": "ics", "what": "agenda", "sessions": 1},
    )


def test_round_ics_for_participant_answers_403(cast, client_for, tokyo_round, session):
    client = client_for(cast["participant"])

    response = client.get(url("dialogues:round-ics", cast, round_id=tokyo_round.pk))

    assert response.status_code == 403


def test_ics_escape_escapes_backslash_first():
    assert ics_escape("a\\,b") == "a\\\\\\,b"


def test_ics_fold_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "é" * 80

    folded = ics_fold(line)

    parts = folded.split("\r\n")
    assert [len(p.encode()) <= 75 for p in parts] == [True] * len(parts)
    assert folded.replace("\r\n ", "") == line
