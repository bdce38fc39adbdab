"""Text people typed is isolated where the console, the notes, the option board, the
transfers and outcomes, the anonymous reading page and a participant's private link show
it (issue 13, point 8): a right-to-left name holding a U+202E override, stored directly
in the database (as older rows may be; forms strip the controls), cannot reorder what
the page shows around it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation import entries
from facilitation.models import Outcome, Transfer
from participants.models import hash_token
from tests.facilitation.factories import OptionFactory, TrustStepFactory
from tests.factories import (
    InvitationFactory,
    NoteFactory,
    ParticipantFactory,
    VenueFactory,
)
from trackii.privacy.levels import Level

#: Hebrew and Arabic letters, then a right-to-left override: each name is different, so
#: the test knows which value it found.
SPOOF = "\u05e9\u05dc\u05d5\u05dd \u0633\u0644\u0627\u0645 \u202e"
TOKEN = "bidi-test-private-link-token"


def name(what: str) -> str:
    return f"{SPOOF}{what}"


def not_isolated(html: str, value: str) -> list[str]:
    """The places where `value` is shown outside a <bdi> of its own (or an element with
    dir="auto"), with a little context. The <title> (no markup allowed there) and form
    controls' own values (a closed box of their own) are left out."""
    html = re.sub(r"<title>.*?</title>", "", html, flags=re.S)
    html = re.sub(r"<(option|textarea)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    html = re.sub(r'value="[^"]*"', "", html)
    html = re.sub(r"<bdi>[^<]*</bdi>", "", html)
    html = re.sub(r'<(\w+) dir="auto">.*?</\1>', "", html, flags=re.S)
    found = re.finditer(re.escape(value), html)
    return [html[max(0, m.start() - 60) : m.end() + 20] for m in found]


@pytest.fixture
def spoofed(console_world):
    w = console_world
    w.north.name = name("side")
    w.north.save()
    session = w.session
    session.title = name("session")
    session.save()
    session.round.title = name("round")
    session.round.venue = VenueFactory(
        dialogue=w.dialogue, name=name("venue"), city=name("city"), country=name("country")
    )
    session.round.save()
    common = {"session": session, "author": w["facilitator"], "level": Level.DIALOGUE}
    NoteFactory(text=name("note"), speaker_side=w.north, tags=name("tag"), **common)
    step = TrustStepFactory(observed=name("step"), **common)
    step.sides.set([w.north])
    option = OptionFactory(title=name("option"), proposed_by=name("proposer"), **common)
    option.sides.set([w.north])
    option.stances.create(side=w.north, stance="supports")
    Transfer.objects.create(
        dialogue=w.dialogue,
        author=w["facilitator"],
        level=Level.TEAM,
        option=option,
        transferred_on=dt.date(2026, 10, 13),
        channel=Transfer.Channel.PAPER,
        recipient_kind=Transfer.RecipientKind.HEAD_OF_DELEGATION,
        response_kind=Transfer.ResponseKind.WELCOMED,
        response=name("response"),
    )
    Outcome.objects.create(
        dialogue=w.dialogue,
        author=w["facilitator"],
        level=Level.TEAM,
        who_kind=Outcome.WhoKind.PERSON,
        observed_on=dt.date(2026, 10, 13),
        what_changed=name("change"),
    )
    invited = ParticipantFactory(side=w.north)
    InvitationFactory(
        round=session.round,
        participant=invited,
        token_hash=hash_token(TOKEN),
        sent_at=timezone.now(),
        show_venue=True,
    )
    return w


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_console_isolates_every_typed_name(spoofed, client_for):
    w = spoofed
    url = reverse("facilitation:console", args=[w.dialogue.pk, w.session.pk])
    html = page(client_for(w["facilitator"]), url)

    for what in ("side", "session", "round", "note", "tag", "step", "option", "proposer"):
        assert name(what) in html, what
        assert not_isolated(html, name(what)) == [], what


@pytest.mark.parametrize(
    ("route", "shown"),
    [
        ("facilitation:note-list", ("session", "note", "side")),
        ("facilitation:option-board", ("option", "side", "session", "proposer")),
        ("facilitation:transfer-list", ("option", "response")),
        ("facilitation:outcome-list", ("change",)),
    ],
)
def test_dialogue_pages_isolate_every_typed_name(spoofed, client_for, route, shown):
    w = spoofed
    html = page(client_for(w["organizer"]), reverse(route, args=[w.dialogue.pk]))

    for what in shown:
        assert name(what) in html, what
        assert not_isolated(html, name(what)) == [], what


def test_private_link_page_isolates_the_venue_and_city(spoofed, client):
    html = page(client, reverse("invitation:respond", args=[TOKEN]))

    for what in ("venue", "city", "country"):
        assert name(what) in html, what
        assert not_isolated(html, name(what)) == [], what


def test_anonymous_reading_page_isolates_the_side(spoofed, client):
    w = spoofed
    _link, token = entries.reading_link_create(
        actor=w["facilitator"], session=w.session, hours=3, side=w.north
    )
    html = page(client, reverse("reading:form", kwargs={"token": token}))

    assert name("side") in html
    assert not_isolated(html, name("side")) == []
