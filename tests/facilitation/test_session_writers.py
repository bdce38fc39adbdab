"""One rule for every way of writing into a session (Session.objects.writable_by): the
console's quick entry, its offline queue's replay, the notes page, an edit, tidying (which
takes entries out of the team's consoles) and a facilitator's reading.

Who: organizers of the dialogue and the session's own facilitators; never another
facilitator of the dialogue, a participant, an observer or a funder. When: new content
only while the session is open; edits and tidying go on after closing (docs/facilitation.md,
"Closing and tidying")."""

import uuid

import pytest
from django.urls import reverse

from facilitation import entries
from facilitation.models import Note, Session, TrustReading
from trackii.privacy.levels import Level

#: Every endpoint that writes into a session.
ENDPOINTS = ("console-entry", "queue-replay", "notes-page", "edit", "tidy", "reading")
#: Those that add new content to it.
CREATING = ("console-entry", "queue-replay", "notes-page", "reading")


def console_url(w, name, **kwargs):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


@pytest.fixture
def logged(console_world):
    """A note logged in the session by its facilitator, before anything else happens."""
    note, _ = entries.entry_create(
        actor=console_world["facilitator"],
        session=console_world.session,
        kind="note",
        text="Logged before",
        level=Level.TEAM,
        client_key=uuid.uuid4(),
    )
    return note


def write(client, w, endpoint, note):
    """Send one write through `endpoint`, as its page (or console.js) would."""
    quick = {"text": "New entry", "kind": "note", "level": Level.TEAM}
    if endpoint in ("console-entry", "queue-replay"):
        headers = {"X-Trackii-Queue": "1"} if endpoint == "queue-replay" else {}
        data = {**quick, "client_key": str(uuid.uuid4())}
        return client.post(console_url(w, "console-entry"), data, headers=headers)
    if endpoint == "notes-page":
        data = {"session": w.session.pk, "text": "New entry", "level": Level.TEAM}
        return client.post(reverse("facilitation:note-create", args=[w.dialogue.pk]), data)
    if endpoint == "edit":
        data = {"text": "Edited", "level": Level.TEAM, "version": note.version}
        return client.post(console_url(w, "console-note-edit", note_id=note.pk), data)
    if endpoint == "tidy":
        data = {"items": [f"note:{note.pk}:{note.version}"], "level": Level.REPORTABLE}
        return client.post(console_url(w, "console-tidy"), data)
    data = {"client_key": str(uuid.uuid4()), f"trust_{w.north.pk}": "2"}
    data[f"belief_{w.north.pk}"] = "4"
    return client.post(console_url(w, "console-reading"), data)


def stored(w):
    """What a user would see of the session's records: its notes and readings."""
    notes = sorted(Note.objects.filter(session=w.session).values_list("text", "level"))
    return notes, TrustReading.objects.filter(session=w.session).count()


BEFORE = ([("Logged before", Level.TEAM)], 0)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_session_write_by_organizer_or_session_facilitator_is_stored(
    console_world, logged, client_for, endpoint, who
):
    response = write(client_for(console_world[who]), console_world, endpoint, logged)

    assert response.status_code in (200, 201, 302)
    assert stored(console_world) != BEFORE


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_session_write_by_facilitator_not_on_the_session_is_refused_403(
    console_world, logged, client_for, endpoint
):
    client = client_for(console_world["other_facilitator"])

    response = write(client, console_world, endpoint, logged)

    assert response.status_code == 403
    assert stored(console_world) == BEFORE


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("who", ["participant", "observer", "funder"])
def test_session_write_by_non_team_role_is_refused_403(
    console_world, logged, client_for, endpoint, who
):
    response = write(client_for(console_world[who]), console_world, endpoint, logged)

    assert response.status_code == 403
    assert stored(console_world) == BEFORE


@pytest.mark.parametrize("endpoint", CREATING)
@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_session_new_content_in_closed_session_is_refused_422_saying_so(
    console_world, logged, client_for, endpoint, who
):
    w = console_world
    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")

    response = write(client_for(w[who]), w, endpoint, logged)

    assert response.status_code == 422
    assert "This session is closed" in response.content.decode()
    assert stored(w) == BEFORE


@pytest.mark.parametrize("endpoint", ["edit", "tidy"])
def test_session_edit_and_tidy_after_closing_go_on(console_world, logged, client_for, endpoint):
    w = console_world
    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")

    response = write(client_for(w["facilitator"]), w, endpoint, logged)

    assert response.status_code == 302
    assert stored(w) != BEFORE


def test_sessions_writable_by_each_member(console_world, cast):
    w = console_world
    elsewhere = Session.objects.create(
        round=w.session.round,
        title="Working group",
        starts_at=w.session.starts_at,
        ends_at=w.session.ends_at,
    )
    who = ["organizer", "facilitator", "other_facilitator", "participant", "observer", "funder"]

    writable = {
        name: set(Session.objects.writable_by(w[name]).values_list("title", flat=True))
        for name in who
    }

    assert writable == {
        "organizer": {"Morning plenary", "Working group"},
        "facilitator": {"Morning plenary"},
        "other_facilitator": set(),
        "participant": set(),
        "observer": set(),
        "funder": set(),
    }
    assert elsewhere.pk != w.session.pk


def test_sessions_writable_by_outsiders_and_anonymous_is_empty(console_world, cast):
    assert list(Session.objects.writable_by(cast["outsider"])) == []
    assert list(Session.objects.writable_by(cast["anonymous"])) == []
    assert list(Session.objects.writable_by(cast["other_member"])) == []
