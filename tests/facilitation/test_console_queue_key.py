"""The key that encrypts the console's offline queue in the browser (docs/facilitation.md,
"Poor connectivity: the queue"): handed to its own user on the console page only."""

import base64
import logging
import re
import uuid

import pytest
from django.urls import reverse

from facilitation.queue_key import queue_key
from tests.privacy.url_cases import CASES
from tests.privacy.world import plant
from trackii.privacy.levels import Level

SECRET = re.compile(r'data-queue-secret="([^"]*)"')


def console_url(w, **kwargs):
    return reverse(
        "facilitation:console",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


def page_key(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return SECRET.findall(response.content.decode())


def test_console_page_carries_the_queue_key_of_its_viewer(console_world, client_for):
    w = console_world

    keys = page_key(client_for(w["facilitator"]), console_url(w))

    assert keys == [queue_key(w["facilitator"])]
    assert len(base64.urlsafe_b64decode(keys[0] + "=")) == 32  # AES-256


def test_console_page_for_a_reading_facilitator_carries_their_own_key(console_world, client_for):
    w = console_world

    keys = page_key(client_for(w["other_facilitator"]), console_url(w))

    assert keys == [queue_key(w["other_facilitator"])]


def test_queue_key_on_a_later_login_is_the_same(console_world, client_for):
    w = console_world
    client = client_for(w["facilitator"])
    first = page_key(client, console_url(w))
    first_login = client.session.session_key

    client = client_for(w["facilitator"])  # logs out, then in again
    again = page_key(client, console_url(w))

    assert client.session.session_key != first_login
    assert again == first


def test_queue_key_of_two_users_differs(console_world, client_for):
    w = console_world
    facilitator = page_key(client_for(w["facilitator"]), console_url(w))

    organizer = page_key(client_for(w["organizer"]), console_url(w))

    assert len(facilitator) == len(organizer) == 1
    assert facilitator != organizer


def test_console_page_is_no_store(console_world, client_for):
    w = console_world

    response = client_for(w["facilitator"]).get(console_url(w))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


@pytest.mark.parametrize("who", ["organizer", "facilitator"])
def test_queue_key_appears_in_no_other_page(cast, client_for, who):
    """Every page of the URL matrix that answers a GET, as a member who has a console (and
    htmx fragments of the console: poll, editors, "Show earlier"), except the console."""
    world = plant(cast)
    user = cast[who]
    key = queue_key(user)
    client = client_for(user)
    console = [c for c in CASES if c.url_name == "facilitation:console" and c.method == "get"]
    carrying = {
        reverse(c.url_name, kwargs=c.kwargs(world)) for c in console if c.expect[who] == 200
    }
    assert len(carrying) == 1  # to show it is absent elsewhere, first show it is there
    assert key in client.get(next(iter(carrying))).content.decode()
    leaking = []

    for case in CASES:
        if case.method != "get" or case.url_name == "facilitation:console":
            continue
        url = reverse(case.url_name, kwargs=case.kwargs(world))
        headers = [{}]
        if case.url_name.startswith("facilitation:console"):
            headers.append({"HX-Request": "true"})
        for extra in headers:
            response = client.get(url, data=case.data(world), headers=extra)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if key in body.decode(errors="replace") or key in str(response.headers):
                leaking.append(f"{url} {extra}")
    earlier = next(iter(carrying))
    for kind in ("note", "step", "option"):
        response = client.get(
            earlier, {"earlier": kind, "before": 10**9}, headers={"HX-Request": "true"}
        )
        if key in response.content.decode():
            leaking.append(f"{earlier}?earlier={kind}")

    assert leaking == []


def test_queue_key_is_never_logged(console_world, client_for, caplog):
    w = console_world
    user = w["facilitator"]
    client = client_for(user)
    caplog.set_level(logging.DEBUG)

    client.get(console_url(w))
    saved = client.post(
        reverse(
            "facilitation:console-entry",
            kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk},
        ),
        {"text": "Logged", "kind": "note", "level": Level.TEAM, "client_key": str(uuid.uuid4())},
        headers={"X-Trackii-Queue": "1", "Accept": "application/json"},
    )
    client.get(console_url(w, session_id=w.session.pk + 1000))  # a 404: logged

    assert saved.status_code == 201
    assert any("Not Found" in m for m in caplog.messages)
    assert queue_key(user) not in caplog.text
