"""The console's offline queue at rest in the browser: ciphertext only, and nothing lost.

Entries wait in localStorage while the entry POST fails on the network; what is stored there
must never show their text, and they must still be sent, once, when the network returns,
after the login expired and the user logged in again, and when an earlier version left them
in plain text.
"""

import json
import uuid
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from facilitation.models import Note
from tests.browser import test_console
from tests.browser.conftest import login
from tests.browser.test_console import QUEUE, drop_expected, entry, open_console, type_entry
from tests.factories import PASSWORD
from trackii.accounts import session_state

pytestmark = pytest.mark.browser

# The console tests' fixtures: their session (two facilitators), and one request at a time
# on SQLite.
session = test_console.session
one_request_at_a_time_on_sqlite = test_console.one_request_at_a_time_on_sqlite

ENTRIES = "**/console/entries/"
EMAIL = "jonas@example.org"
CANARY = "CANARY-QUEUE-3f9c the north would accept a joint commission"

ALL_STORAGE = """() => {
  const all = {};
  for (let i = 0; i < localStorage.length; i++) {
    all[localStorage.key(i)] = localStorage.getItem(localStorage.key(i));
  }
  return all;
}"""


def storage_key(session):
    user = get_user_model().objects.get(email=EMAIL)
    return f"trackii.console.{user.pk}:{session.pk}"


def console_path(session):
    return reverse("facilitation:console", args=[session.round.dialogue_id, session.pk])


def stored(page, key):
    return page.evaluate("key => localStorage.getItem(key)", key)


def wait_until_stored_encrypted(page, key, previous=None):
    """Wait until the queue under `key` is an encrypted envelope (other than `previous`)."""
    page.wait_for_function(
        """([key, previous]) => {
          const value = localStorage.getItem(key);
          return value !== null && value !== previous && value.indexOf('"ct"') !== -1;
        }""",
        arg=[key, previous],
    )
    return stored(page, key)


def envelope(raw):
    value = json.loads(raw)
    assert sorted(value) == ["ct", "iv", "v"]
    assert value["v"] == 1
    return value


def block_entries(page):
    page.route(ENTRIES, lambda route: route.abort())


def notes():
    return list(Note.objects.values_list("text", flat=True))


def test_entry_waiting_to_be_sent_is_stored_encrypted_and_saved_once(page, live_server, session):
    open_console(page, live_server, session, EMAIL)
    key = storage_key(session)
    block_entries(page)

    type_entry(page, CANARY)

    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    first_raw = wait_until_stored_encrypted(page, key)
    first = envelope(first_raw)
    type_entry(page, "A second thought, also waiting")
    expect(page.locator(QUEUE)).to_contain_text("2 entries waiting to be sent.")
    second = envelope(wait_until_stored_encrypted(page, key, previous=first_raw))
    assert second["iv"] != first["iv"]
    everything = json.dumps(page.evaluate(ALL_STORAGE))
    assert CANARY not in everything
    assert "second thought" not in everything
    assert page.locator("[data-queue-secret]").count() == 0
    assert notes() == []

    page.unroute(ENTRIES)

    expect(page.locator("#console-queue")).to_be_hidden()
    expect(entry(page, CANARY)).to_have_count(1)
    assert sorted(notes()) == sorted([CANARY, "A second thought, also waiting"])
    page.wait_for_function("key => localStorage.getItem(key) === null", arg=key)
    drop_expected(page, "ERR_FAILED")


def test_entry_waiting_when_the_login_expired_is_sent_after_the_next_login(
    page, live_server, session
):
    open_console(page, live_server, session, EMAIL)
    key = storage_key(session)
    block_entries(page)
    type_entry(page, CANARY)
    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    wait_until_stored_encrypted(page, key)
    page.goto("about:blank")  # no poll touches the login while it is made to expire
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    login_session = import_module(settings.SESSION_ENGINE).SessionStore(cookie["value"])
    login_session[session_state.LAST_SEEN_KEY] = (
        session_state.now() - settings.SESSION_IDLE_TIMEOUT - 60
    )
    login_session.save()

    page.goto(live_server.url + console_path(session))
    minutes = settings.SESSION_IDLE_TIMEOUT // 60
    expect(page.get_by_text(f"logged out after {minutes} minutes without")).to_be_visible()
    assert CANARY not in json.dumps(page.evaluate(ALL_STORAGE))
    open_console(page, live_server, session, EMAIL)

    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    expect(page.locator("#console-queue-list li")).to_have_text([CANARY])
    assert notes() == []
    page.unroute(ENTRIES)
    expect(page.locator("#console-queue")).to_be_hidden()
    expect(entry(page, CANARY)).to_have_count(1)
    assert notes() == [CANARY]
    drop_expected(page, "ERR_FAILED")


def test_plain_text_queue_of_an_earlier_version_is_stored_encrypted_and_sent(
    page, live_server, session
):
    login(page, live_server, EMAIL, PASSWORD)
    key = storage_key(session)
    client_key = str(uuid.uuid4())
    fields = [["client_key", client_key], ["text", CANARY], ["kind", "note"], ["level", "team"]]
    old = [{"key": client_key, "fields": fields, "text": CANARY, "state": "waiting", "errors": []}]
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(old)])
    block_entries(page)

    page.goto(live_server.url + console_path(session))

    expect(page.locator("#console-queue-list li")).to_have_text([CANARY])
    envelope(wait_until_stored_encrypted(page, key))
    assert CANARY not in json.dumps(page.evaluate(ALL_STORAGE))
    page.unroute(ENTRIES)
    expect(page.locator("#console-queue")).to_be_hidden()
    expect(entry(page, CANARY)).to_have_count(1)
    assert notes() == [CANARY]
    page.wait_for_function("key => localStorage.getItem(key) === null", arg=key)
    drop_expected(page, "ERR_FAILED")


def test_queue_that_cannot_be_read_is_set_aside_and_reported(page, live_server, session):
    login(page, live_server, EMAIL, PASSWORD)
    key = storage_key(session)
    corrupted = json.dumps({"v": 1, "iv": "AAAAAAAAAAAAAAAA", "ct": "bm90IHRoZSBjaXBoZXJ0ZXh0"})
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, corrupted])

    page.goto(live_server.url + console_path(session))

    expect(page.locator("#console-queue-storage")).to_have_text(
        "Entries kept earlier in this browser for this session could not be read, so they "
        "were not sent. They are set aside in this browser, not deleted."
    )
    assert stored(page, key + ".unreadable.1") == corrupted
    type_entry(page, "Typed after the unreadable queue")
    expect(entry(page, "Typed after the unreadable queue")).to_have_count(1)
    assert stored(page, key + ".unreadable.1") == corrupted
    assert notes() == ["Typed after the unreadable queue"]


def test_without_webcrypto_the_queue_stays_in_the_page_only_and_says_so(page, live_server, session):
    # As on a page opened over plain http at a LAN address: no crypto.subtle.
    page.context.add_init_script(
        "Object.defineProperty(Crypto.prototype, 'subtle', "
        "{get: function () { return undefined; }, configurable: true});"
    )
    open_console(page, live_server, session, EMAIL)
    key = storage_key(session)
    expect(page.locator("#console-queue-storage")).to_contain_text(
        "entries waiting to be sent are kept in this page only: they are lost if you close or "
        "reload it before they are sent."
    )
    block_entries(page)

    type_entry(page, CANARY)

    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    expect(page.locator("#console-queue-list li")).to_have_text([CANARY])
    assert CANARY not in json.dumps(page.evaluate(ALL_STORAGE))
    assert stored(page, key) is None
    page.unroute(ENTRIES)
    expect(page.locator("#console-queue")).to_be_hidden()
    expect(entry(page, CANARY)).to_have_count(1)
    assert notes() == [CANARY]
    drop_expected(page, "ERR_FAILED")


def test_logging_out_with_entries_not_saved_asks_first(page, live_server, session):
    open_console(page, live_server, session, EMAIL)
    key = storage_key(session)
    block_entries(page)
    type_entry(page, CANARY)
    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    wait_until_stored_encrypted(page, key)
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Log out").click()

    expect(page.locator(QUEUE)).to_contain_text("1 entry waiting to be sent.")
    assert page.url.endswith(console_path(session))
    assert asked == [
        "Entries of this console not saved yet: 1. Logging out deletes them from this "
        "browser. Log out anyway?"
    ]
    assert stored(page, key) is not None

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Log out").click()

    page.wait_for_url(lambda url: not url.endswith(console_path(session)))
    assert len(asked) == 2
    assert page.evaluate(ALL_STORAGE) == {}
    assert notes() == []
    drop_expected(page, "ERR_FAILED")
