"""Two facilitators writing at the same moment, really at once: two threads, two database
connections. Needs PostgreSQL (the in-memory SQLite of the embedded default is a single
connection, so nothing there runs at once); skipped on a workstation without it, failed
in CI."""

import threading
import uuid

import pytest
from django.db import connection

from facilitation import entries
from facilitation.models import Note, Option, Session
from tests.conftest import service_missing
from trackii.privacy.levels import Level


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        service_missing("needs PostgreSQL (DATABASE_URL); CI sets it")


def at_once(*calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as e:  # the test asserts on what each call raised
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def create(w, who, key, text="Break for coffee agreed", kind="note"):
    return lambda: entries.entry_create(
        actor=w[who], session=w.session, kind=kind, text=text, level=Level.TEAM, client_key=key
    )


def test_two_posts_at_once_with_their_own_keys_are_both_stored(postgres, console_world):
    w = console_world

    results = at_once(create(w, "facilitator", uuid.uuid4()), create(w, "organizer", uuid.uuid4()))

    assert [created for _, created in results] == [True, True]
    # Note.text is encrypted at rest: SQL cannot compare it, so match in Python.
    texts = list(Note.objects.values_list("text", flat=True))
    assert texts.count("Break for coffee agreed") == 2
    revisions = sorted(Note.objects.values_list("session_rev", flat=True))
    assert revisions == [1, 2]
    assert Session.objects.get(pk=w.session.pk).revision == 2


def test_one_entry_sent_twice_at_once_is_stored_once(postgres, console_world):
    w = console_world
    key = uuid.uuid4()

    results = at_once(create(w, "facilitator", key), create(w, "facilitator", key))

    assert sorted(created for _, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk
    assert Note.objects.count() == 1


def test_two_options_at_once_get_their_floated_events(postgres, console_world):
    w = console_world

    at_once(
        create(w, "facilitator", uuid.uuid4(), "Joint patrols", "option"),
        create(w, "organizer", uuid.uuid4(), "Shared hotline", "option"),
    )

    assert sorted(Option.objects.values_list("title", "events__to_state")) == [
        ("Joint patrols", "floated"),
        ("Shared hotline", "floated"),
    ]
