"""Trust readings (the facilitator's and anonymous ones through a private link), closing a
session, tidying and reopening it."""

import datetime as dt
import re
import time
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facilitation import entries
from facilitation.models import Note, ReadingLink, Session, TrustReading, hash_token
from facilitation.views import reading as reading_views
from trackii.lib import ratelimit
from trackii.privacy.levels import Level


def url(w, name="console", **kwargs):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


def open_link(w, hours=3):
    return entries.reading_link_create(actor=w["facilitator"], session=w.session, hours=hours)


def link_url(token):
    return reverse("reading:form", kwargs={"token": token})


def test_facilitator_reading_stores_one_row_per_side_with_author(console_world, client_for):
    w = console_world
    data = {
        "client_key": str(uuid.uuid4()),
        f"trust_{w.north.pk}": "2",
        f"belief_{w.north.pk}": "4",
        f"trust_{w.river.pk}": "3",
        f"belief_{w.river.pk}": "3",
    }

    response = client_for(w["facilitator"]).post(url(w, "console-reading"), data)

    assert response.status_code == 302
    rows = TrustReading.objects.values_list("side__name", "trust", "belief", "source", "author")
    assert set(rows) == {
        ("Northern Council", 2, 4, "facilitator", w["facilitator"].pk),
        ("Riverlands Alliance", 3, 3, "facilitator", w["facilitator"].pk),
    }


def test_facilitator_reading_sent_twice_is_stored_once(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])
    data = {
        "client_key": str(uuid.uuid4()),
        f"trust_{w.north.pk}": "2",
        f"belief_{w.north.pk}": "4",
    }

    client.post(url(w, "console-reading"), data)
    client.post(url(w, "console-reading"), data)

    assert TrustReading.objects.count() == 1


def test_facilitator_reading_with_one_score_of_two_answers_422(console_world, client_for):
    w = console_world
    data = {"client_key": str(uuid.uuid4()), f"trust_{w.north.pk}": "2"}

    response = client_for(w["facilitator"]).post(url(w, "console-reading"), data)

    assert response.status_code == 422
    shown = response.content.decode()
    assert "Give both scores for <bdi>Northern Council</bdi>, or neither." in shown
    assert TrustReading.objects.count() == 0


def test_facilitator_reading_for_no_side_answers_422(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        url(w, "console-reading"), {"client_key": str(uuid.uuid4())}
    )

    assert response.status_code == 422
    assert "Give a reading for at least one side." in response.content.decode()


def test_console_shows_count_and_means_per_side_and_source(console_world, client_for):
    w = console_world
    for trust, source, author in ((2, "facilitator", w["facilitator"]), (4, "facilitator", None)):
        TrustReading.objects.create(
            session=w.session, side=w.north, trust=trust, belief=3, source=source, author=author
        )
    TrustReading.objects.create(
        session=w.session, side=w.north, trust=5, belief=5, source="anonymous"
    )

    response = client_for(w["organizer"]).get(url(w))

    html = response.content.decode()
    row = re.search(r"<th scope=\"row\"><bdi>Northern Council</bdi></th>(.*?)</tr>", html, re.S)
    row = row.group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == ["2 · 3.0 · 3.0", "1 · 5.0 · 5.0"]


def test_reading_link_page_is_shown_once_with_its_address(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        url(w, "console-reading-link"), {"hours": "2", "side": w.north.pk}
    )

    link = ReadingLink.objects.get(session=w.session)
    token = re.search(r'value="http://testserver/i/([^/"]+)/reading/"', response.content.decode())
    assert response.status_code == 200
    assert link.token_hash == hash_token(token.group(1))
    assert (
        dt.timedelta(hours=1, minutes=59)
        < link.expires_at - timezone.now()
        <= dt.timedelta(hours=2)
    )


def test_reading_link_for_more_than_three_days_answers_422(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(url(w, "console-reading-link"), {"hours": "73"})

    assert response.status_code == 422
    assert ReadingLink.objects.count() == 0


def test_reading_link_page_asks_for_side_of_the_conflict_and_names_nothing(console_world, client):
    w = console_world
    _, token = open_link(w)

    response = client.get(link_url(token))

    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', html) == [
        "Northern Council",
        "Riverlands Alliance",
    ]
    for secret in ("JUNIPER", "Morning plenary", token):
        assert secret not in html


def test_anonymous_reading_is_stored_without_author(console_world, client):
    w = console_world
    _, token = open_link(w)

    response = client.post(
        link_url(token),
        {"side": w.river.pk, "trust": "2", "belief": "4", "client_key": str(uuid.uuid4())},
    )

    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    reading = TrustReading.objects.get()
    assert (reading.side, reading.trust, reading.belief, reading.source, reading.author) == (
        w.river,
        2,
        4,
        "anonymous",
        None,
    )


def test_anonymous_reading_sent_twice_is_stored_once(console_world, client):
    w = console_world
    _, token = open_link(w)
    data = {"side": w.river.pk, "trust": "2", "belief": "4", "client_key": str(uuid.uuid4())}

    client.post(link_url(token), data)
    client.post(link_url(token), data)

    assert TrustReading.objects.count() == 1


def test_anonymous_reading_for_third_party_answers_422(console_world, client):
    w = console_world
    _, token = open_link(w)

    response = client.post(
        link_url(token),
        {"side": w.third.pk, "trust": "2", "belief": "4", "client_key": str(uuid.uuid4())},
    )

    assert response.status_code == 422
    assert TrustReading.objects.count() == 0


def test_revoked_reading_link_answers_404(console_world, client, client_for):
    w = console_world
    link, token = open_link(w)
    client_for(w["facilitator"]).post(url(w, "console-reading-link-revoke", link_id=link.pk))

    response = client_for(None).get(link_url(token))

    assert response.status_code == 404


def test_expired_reading_link_answers_404(console_world, client):
    w = console_world
    link, token = open_link(w)
    ReadingLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - dt.timedelta(1))

    response = client.get(link_url(token))

    assert response.status_code == 404


def test_reading_link_over_its_limit_answers_429(console_world, client, monkeypatch):
    w = console_world
    _, token = open_link(w)
    monkeypatch.setattr(reading_views, "READINGS_PER_LINK", (2, 600))
    # The limit counts in fixed windows: hold its clock so that no new window (a fresh
    # count) begins between the three requests.
    held = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    data = {"side": w.north.pk, "trust": "3", "belief": "3"}
    # Two holders (browsers): one holder's second answer would replace their first.
    for _ in range(2):
        Client().post(link_url(token), {**data, "client_key": str(uuid.uuid4())})

    response = Client().post(link_url(token), {**data, "client_key": str(uuid.uuid4())})

    assert response.status_code == 429
    assert TrustReading.objects.count() == 2


def test_close_session_records_attendance_and_summary_then_shows_tidying(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])

    response = client.post(
        url(w, "console-close"),
        {
            "summary": "Good start; water is the way in.",
            "summary_level": Level.TEAM,
            f"attended_{w.north.pk}": "5",
            f"attended_{w.river.pk}": "6",
            f"attended_{w.third.pk}": "",
        },
    )

    session = Session.objects.get(pk=w.session.pk)
    assert response.status_code == 302
    assert session.is_closed
    assert dict(session.attendance.values_list("side__name", "count")) == {
        "Northern Council": 5,
        "Riverlands Alliance": 6,
    }
    page = client.get(url(w)).content.decode()
    assert 'id="tidy-form"' in page
    assert 'id="quick-entry"' not in page


def test_close_session_with_negative_attendance_answers_422_and_stays_open(
    console_world, client_for
):
    w = console_world

    response = client_for(w["facilitator"]).post(
        url(w, "console-close"),
        {"summary": "x", "summary_level": Level.TEAM, f"attended_{w.north.pk}": "-2"},
    )

    assert response.status_code == 422
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Session.objects.get(pk=w.session.pk).is_closed


def log(w, text):
    entry, _ = entries.entry_create(
        actor=w["facilitator"],
        session=w.session,
        kind="note",
        text=text,
        level=Level.TEAM,
        client_key=uuid.uuid4(),
    )
    return entry


def test_tidy_marks_ticked_entries_reportable(console_world, client_for):
    w = console_world
    keep, mark = log(w, "stays team"), log(w, "may be reported")
    entries.session_close(actor=w["facilitator"], session=w.session, attendance={}, summary="x")

    response = client_for(w["facilitator"]).post(
        url(w, "console-tidy"), {"items": [f"note:{mark.pk}:1"], "level": Level.REPORTABLE}
    )

    assert response.status_code == 302
    assert dict(Note.objects.values_list("text", "level")) == {
        "stays team": "team",
        "may be reported": "reportable",
    }
    assert keep.pk != mark.pk


def test_tidy_of_entry_changed_meanwhile_leaves_it_and_says_so(console_world, client_for):
    w = console_world
    note = log(w, "first")
    entries.note_update(actor=w["organizer"], note=note, version=1, text="second", level="team")

    response = client_for(w["facilitator"]).post(
        url(w, "console-tidy"),
        {"items": [f"note:{note.pk}:1"], "level": Level.REPORTABLE},
        follow=True,
    )

    assert Note.objects.get(pk=note.pk).level == Level.TEAM
    assert "1 entries were changed by someone else meanwhile" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("organizer", 302), ("facilitator", 403)])
def test_reopen_is_for_organizers(console_world, client_for, who, status):
    w = console_world
    entries.session_close(actor=w["facilitator"], session=w.session, attendance={}, summary="x")

    response = client_for(w[who]).post(url(w, "console-reopen"))

    assert response.status_code == status
    assert Session.objects.get(pk=w.session.pk).is_closed is (status == 403)
