"""The anonymous reading link, /i/<token>/reading/, against ballot stuffing (issue 13): it
takes nothing once its session is closed, one reading per holder (a second answer replaces
the first), only for the side it was made for, and a limited number of posts per address."""

import time
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from facilitation import entries
from facilitation.models import ReadingLink, Session, TrustReading
from facilitation.views import reading as reading_views
from trackii.lib import ratelimit


def link_url(token):
    return reverse("reading:form", kwargs={"token": token})


def console_url(w, name):
    return reverse(f"facilitation:{name}", args=[w.dialogue.pk, w.session.pk])


def open_link(w, side="north"):
    side = getattr(w, side) if side else None
    return entries.reading_link_create(
        actor=w["facilitator"], session=w.session, hours=3, side=side
    )


def answer(client, token, side, trust=3, belief=3):
    data = {"side": side.pk, "trust": str(trust), "belief": str(belief)}
    return client.post(link_url(token), {**data, "client_key": str(uuid.uuid4())})


def readings():
    return sorted(TrustReading.objects.values_list("side__name", "trust", "belief", "source"))


@pytest.fixture(autouse=True)
def _held_rate_limit_clock(monkeypatch):
    """All requests of a test fall in one rate-limit window, which starts with no count."""
    held = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    _, window = reading_views.READING_POSTS_PER_ADDRESS
    ratelimit.reset(reading_views.READING_POSTS_SCOPE, "127.0.0.1", window=window)
    yield
    ratelimit.reset(reading_views.READING_POSTS_SCOPE, "127.0.0.1", window=window)


def test_reading_link_after_session_closed_answers_404_and_stores_nothing(console_world, client):
    w = console_world
    _, token = open_link(w)
    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")

    response = answer(client, token, w.north)

    assert response.status_code == 404
    assert readings() == []


def test_session_close_revokes_its_live_reading_links(console_world):
    w = console_world
    first, _ = open_link(w)
    second, _ = open_link(w, side="river")

    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")

    revoked = ReadingLink.objects.filter(revoked_at__isnull=False).values_list("pk", flat=True)
    assert sorted(revoked) == sorted([first.pk, second.pk])


def test_reading_link_stays_dead_after_the_session_is_reopened(console_world, client):
    w = console_world
    _, token = open_link(w)
    entries.session_close(actor=w["organizer"], session=w.session, attendance={}, summary="x")
    entries.session_reopen(actor=w["organizer"], session=Session.objects.get(pk=w.session.pk))

    response = answer(client, token, w.north)

    assert response.status_code == 404
    assert readings() == []


def test_reading_into_session_closed_meanwhile_is_refused(console_world):
    w = console_world
    link, _ = open_link(w)
    Session.objects.filter(pk=w.session.pk).update(closed_at=timezone.now())

    with pytest.raises(ValidationError) as error:
        entries.anonymous_reading_record(
            link=link, side=w.north, trust=2, belief=2, client_key=uuid.uuid4(), holder_key="k"
        )

    assert "This session is closed" in str(error.value)
    assert readings() == []


def test_reading_link_25_posts_from_one_holder_leave_one_reading_with_the_last_values(
    console_world, client
):
    w = console_world
    _, token = open_link(w)

    for i in range(25):
        response = answer(client, token, w.north, trust=1 + i % 5, belief=5 - i % 5)

    assert response.status_code == 200
    assert readings() == [("Northern Council", 5, 1, "anonymous")]


def test_reading_link_two_holders_leave_two_readings(console_world):
    w = console_world
    _, token = open_link(w)

    answer(Client(), token, w.north, trust=2, belief=2)
    answer(Client(), token, w.north, trust=4, belief=4)

    assert readings() == [
        ("Northern Council", 2, 2, "anonymous"),
        ("Northern Council", 4, 4, "anonymous"),
    ]


def test_reading_link_for_one_side_refuses_another_side_saying_so(console_world, client):
    w = console_world
    _, token = open_link(w, side="north")

    response = answer(client, token, w.river)

    assert response.status_code == 422
    assert (
        "This link is for <bdi>Northern Council</bdi> only. "
        "Ask the facilitator for your side&#x27;s link." in response.content.decode()
    )
    assert readings() == []


def test_reading_link_for_one_side_offers_only_that_side(console_world, client):
    w = console_world
    _, token = open_link(w, side="river")

    response = client.get(link_url(token))

    assert list(response.context["form"].fields["side"].queryset) == [w.river]


def test_reading_link_without_a_side_is_fixed_by_its_first_answer(console_world):
    w = console_world
    link, token = open_link(w, side=None)

    first = answer(Client(), token, w.river)
    second = answer(Client(), token, w.north)

    assert (first.status_code, second.status_code) == (200, 422)
    assert ReadingLink.objects.get(pk=link.pk).side == w.river
    assert readings() == [("Riverlands Alliance", 3, 3, "anonymous")]


def test_reading_link_posts_over_the_address_limit_answer_429(console_world):
    w = console_world
    _, token = open_link(w)
    limit, _ = reading_views.READING_POSTS_PER_ADDRESS
    for _ in range(limit):
        answer(Client(), token, w.north)

    response = answer(Client(), token, w.north)

    assert response.status_code == 429
    assert TrustReading.objects.count() == limit


def test_reading_holder_cookie_is_signed_httponly_strict_and_names_no_token(console_world, client):
    w = console_world
    _, token = open_link(w)

    response = answer(client, token, w.north)

    cookie = response.cookies[reading_views.HOLDER_COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (True, "Strict", "/i/")
    assert token not in cookie.OutputString()
    assert ":" in cookie.value  # signed: value, timestamp and signature


def test_reading_keeps_only_a_keyed_digest_of_the_holder(console_world, client):
    w = console_world
    _, token = open_link(w)

    response = answer(client, token, w.north)

    key = client.cookies[reading_views.HOLDER_COOKIE].value.split(":")[0]
    stored = TrustReading.objects.values_list("holder", flat=True).get()
    assert len(stored) == 64
    assert key not in stored
    assert response.status_code == 200


def test_reading_link_create_form_makes_a_link_for_the_chosen_side(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        console_url(w, "console-reading-link"), {"hours": "2", "side": w.river.pk}
    )

    assert response.status_code == 200
    assert "for <bdi>Riverlands Alliance</bdi>" in response.content.decode()
    assert list(ReadingLink.objects.values_list("side__name", flat=True)) == ["Riverlands Alliance"]


def test_reading_link_create_form_without_a_side_answers_422(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).post(
        console_url(w, "console-reading-link"), {"hours": "2"}
    )

    assert response.status_code == 422
    assert ReadingLink.objects.count() == 0
