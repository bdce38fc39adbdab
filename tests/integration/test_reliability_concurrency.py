"""Thirty facilitators' saves at the same moment, over HTTP, to one session console on a live
server (one thread and one database connection per request): thirty entries are stored.
Concurrent edits of one option are detected: one wins, the others are told (409).

Needs PostgreSQL: the in-memory SQLite of the embedded default is one connection, so nothing
there runs at once (skipped on a workstation without it, failed in CI)."""

import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.urls import reverse

from facilitation.models import Note, Option, Session
from tests.facilitation.factories import OptionFactory
from tests.integration.reliability import require_postgresql
from trackii.privacy.levels import Level

SAVES = 30
EDITORS = 6
REQUEST_TIMEOUT = 30  # seconds, for each request
ATTEMPTS = 5  # tries of one request whose connection is refused or reset
RETRY_PAUSE = 0.5  # seconds times the attempt: 5 s in all, for a server slow to accept on CI


class Browser:
    """A logged-in visitor of the live server: the test client's session cookie, a CSRF
    cookie and the same token in the header, as console.js sends it."""

    def __init__(self, live_server, client):
        self.base = live_server.url
        session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_id}; {settings.CSRF_COOKIE_NAME}={self.csrf}"
        )

    def post(self, path: str, data: dict, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(  # noqa: S310 -- the live server's http URL
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Cookie": self.cookie, "X-CSRFToken": self.csrf, **(headers or {})},
            method="POST",
        )
        opener = urllib.request.build_opener(_NoRedirect)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as e:
                return e.code, e.read().decode()
            except (ConnectionError, urllib.error.URLError):
                # The test server queues ten connections; the rest are refused or reset
                # and, like console.js's offline queue, sent again with the same key.
                if attempt == ATTEMPTS:
                    raise
                time.sleep(RETRY_PAUSE * attempt)
        raise AssertionError("unreachable")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer itself


def all_at_once(calls) -> list:
    """Run the calls in threads released together by a barrier; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as e:  # the test asserts on each result
            results[i] = e

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=REQUEST_TIMEOUT * 2)
    return results


def _url(w, name, **kwargs):
    return reverse(
        f"facilitation:{name}",
        kwargs={"dialogue_id": w.dialogue.pk, "session_id": w.session.pk, **kwargs},
    )


@pytest.fixture
def facilitator(live_server, transactional_db, console_world, client_for):
    require_postgresql()
    return Browser(live_server, client_for(console_world["facilitator"]))


def test_thirty_saves_at_once_to_one_console_store_thirty_entries(console_world, facilitator):
    w = console_world

    def save(n):
        data = {
            "text": f"Point {n} of the north",
            "kind": "note",
            "level": Level.TEAM,
            "client_key": str(uuid.uuid4()),  # each save its own idempotency key
        }
        return lambda: facilitator.post(
            _url(w, "console-entry"), data, headers={"X-Trackii-Queue": "1"}
        )

    answers = all_at_once([save(n) for n in range(SAVES)])

    # 201 stored; 200 "already stored": a retry of a save whose answer was lost.
    assert {status for status, _ in answers} <= {201, 200}
    texts = sorted(Note.objects.filter(session=w.session).values_list("text", flat=True))
    assert texts == sorted(f"Point {n} of the north" for n in range(SAVES))
    revisions = sorted(Note.objects.filter(session=w.session).values_list("session_rev", flat=True))
    assert revisions == list(range(1, SAVES + 1))
    assert Session.objects.get(pk=w.session.pk).revision == SAVES


def test_edits_of_one_option_at_once_are_detected_one_wins_the_others_get_409(
    console_world, facilitator
):
    w = console_world
    option = OptionFactory(session=w.session, title="Joint patrols")
    version = Option.objects.get(pk=option.pk).version

    def edit(n):
        data = {
            "title": f"Joint patrols, take {n}",
            "text": "",
            "level": Level.TEAM,
            "version": version,  # what each editor saw when they opened it
            "lineage_kind": "refined",
        }
        return lambda: facilitator.post(_url(w, "console-option-edit", option_id=option.pk), data)

    answers = all_at_once([edit(n) for n in range(EDITORS)])

    statuses = [status for status, _ in answers]
    assert sorted(statuses) == [302] + [409] * (EDITORS - 1)
    winner = statuses.index(302)
    told = [
        "Someone else changed this while you were editing" in body
        for status, body in answers
        if status == 409
    ]
    assert told == [True] * (EDITORS - 1)
    option.refresh_from_db()
    assert (option.title, option.version) == (f"Joint patrols, take {winner}", version + 1)
