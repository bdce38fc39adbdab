"""Two web nodes on one PostgreSQL and one Redis (issue 19): nothing a node keeps in its own
memory decides what a user sees.

Two gunicorn processes (scripts/webnode.py) run trackii's production
settings (tests/browser/settings_two_nodes.py) against this run's test database and one Redis
under a key prefix of their own. A load balancer without sticky sessions sends each request
to either; here the browsers pick the node themselves.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): skipped on a workstation without
them, failed in CI.
"""

import http.client
import os
import time
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from facilitation.models import Note
from participants.views.public import RATE_LIMIT, RATE_WINDOW
from scripts import webnode
from tests.browser.conftest import console_errors, login, new_page
from tests.browser.test_console import two_facilitators_session, written_here_seen_there
from tests.factories import PASSWORD
from tests.integration.conftest import worker_database_url
from tests.integration.reliability import require_postgresql

pytestmark = pytest.mark.browser

#: Each node takes the client's address from a PROXY protocol line sent by the balancer (this
#: process, on loopback), as docs/deployment.md says to set gunicorn up behind one.
PROXY = ("--proxy-protocol", "--proxy-allow-from", "127.0.0.1")

#: Failed logins before a lockout, on both nodes (fewer than production's five: a shorter test).
FAILURE_LIMIT = 3


@pytest.fixture(scope="module")
def nodes(django_db_setup, django_db_blocker, require_service, tmp_path_factory):
    """Node A and node B, started once for the module, stopped (and their Redis keys
    removed) when it is done. Both read the same keys as this test process, so either
    reads what the other, or a factory here, wrote."""
    redis_url = require_service("REDIS_URL")
    with django_db_blocker.unblock():
        require_postgresql()
        database_url = worker_database_url()
    # One prefix for both nodes, none other's: this process's, so two runs never share it.
    prefix = f"trackii-two-nodes-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    env = webnode.loopback_env(
        {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.browser.settings_two_nodes",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": prefix,
            "SECRET_KEY": settings.SECRET_KEY,
            "PSEUDONYM_KEY": settings.PSEUDONYM_KEY,
            "FIELD_ENCRYPTION_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
            "ALLOWED_HOSTS": "127.0.0.1",
            "AXES_FAILURE_LIMIT": str(FAILURE_LIMIT),
        }
    )
    logs = tmp_path_factory.mktemp("web-nodes")
    started = []
    try:
        # One gunicorn worker each: two processes are what tells memory from shared state.
        # Both boot at once; a loaded machine takes long enough for one.
        for name in ("a", "b"):
            with (logs / f"{name}.stderr.log").open("wb") as stderr:
                started.append(webnode.launch(env, workers=1, stderr=stderr, extra_args=PROXY))
        for name, node in zip("ab", started, strict=True):
            try:
                webnode.wait(node)
            except RuntimeError as exc:
                log = (logs / f"{name}.stderr.log").read_text(errors="replace")[-5000:]
                pytest.fail(f"node {name}: {exc}; its stderr:\n{log}", pytrace=False)
        yield tuple(started)
    finally:
        webnode.stop(*started)
        client = redis.Redis.from_url(redis_url)
        try:
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()


@pytest.fixture
def session(transactional_db):
    """A live session with two facilitators, committed, so the nodes read it."""
    return two_facilitators_session()


@pytest.fixture
def open_page(browser):
    """`open_page(node)`: a browser of its own (own cookies) on `node`; all closed after."""
    pages = []

    def open_on(node):
        page = new_page(browser, node.url)
        pages.append(page)
        return page

    yield open_on
    for page in pages:
        page.context.close()


def console_path(session):
    return reverse("facilitation:console", args=[session.round.dialogue_id, session.pk])


def open_console(page, node, session, email):
    page.clock.install()  # the page's own clock, held and run by written_here_seen_there
    login(page, node, email, PASSWORD)
    page.goto(node.url + console_path(session))
    expect(page.get_by_role("heading", level=1)).to_have_text("Console: Morning plenary")


def test_an_entry_written_on_one_node_reaches_the_console_on_the_other_within_two_seconds(
    nodes, session, open_page
):
    node_a, node_b = nodes
    jonas, mei = open_page(node_a), open_page(node_b)
    open_console(jonas, node_a, session, "jonas@example.org")
    open_console(mei, node_b, session, "mei@example.org")

    written_here_seen_there(jonas, mei, "North proposes joint monitoring of the river")
    written_here_seen_there(mei, jonas, "Riverlands ask who would pay")

    assert (urlsplit(jonas.url).port, urlsplit(mei.url).port) == (
        urlsplit(node_a.url).port,
        urlsplit(node_b.url).port,
    )
    assert sorted(Note.objects.values_list("text", "author__email")) == [
        ("North proposes joint monitoring of the river", "jonas@example.org"),
        ("Riverlands ask who would pay", "mei@example.org"),
    ]
    assert console_errors(jonas) == []
    assert console_errors(mei) == []


def test_a_login_made_on_one_node_works_on_the_other_and_ends_on_both(nodes, session, open_page):
    node_a, node_b = nodes
    on_a = open_page(node_a)
    login(on_a, node_a, "jonas@example.org", PASSWORD)
    on_b = open_page(node_b)
    on_b.context.add_cookies(on_a.context.cookies())

    on_b.goto(node_b.url + console_path(session))

    expect(on_b.get_by_role("heading", level=1)).to_have_text("Console: Morning plenary")
    assert urlsplit(on_b.url).path == console_path(session)

    on_b.get_by_role("button", name="Log out").click()
    on_b.wait_for_url(lambda url: urlsplit(url).path == reverse("accounts:login"))
    on_a.goto(node_a.url + console_path(session))

    assert urlsplit(on_a.url).path == reverse("accounts:login")
    expect(on_a.get_by_role("heading", name="Console: Morning plenary")).to_have_count(0)
    assert console_errors(on_a) == []
    assert console_errors(on_b) == []


def attempt_login(page, node, password):
    page.goto(node.url + reverse("accounts:login"))
    page.get_by_label("E-mail address").fill("jonas@example.org")
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_failed_logins_on_both_nodes_add_up_to_one_lockout(nodes, session, open_page):
    node_a, node_b = nodes
    on_a, on_b = open_page(node_a), open_page(node_b)
    # A, B, A: neither node alone sees FAILURE_LIMIT failures.
    for i in range(FAILURE_LIMIT):
        attempt_login((on_a, on_b)[i % 2], nodes[i % 2], "a wrong guess")
    locked_out = on_b.get_by_role("heading", name="Too many failed log-ins")
    expect(locked_out).to_have_count(0)

    attempt_login(on_b, node_b, PASSWORD)

    expect(locked_out).to_be_visible()
    assert urlsplit(on_b.url).path == reverse("accounts:login")


class BehindTheBalancer(http.client.HTTPConnection):
    """A connection from the load balancer (here, this process on 127.0.0.1) carrying a
    request of `client`, named in a PROXY protocol (v1) line as HAProxy or Caddy send it."""

    def __init__(self, url, client):
        parts = urlsplit(url)
        super().__init__(parts.hostname, parts.port, timeout=10)
        self.client = client

    def connect(self):
        super().connect()
        self.sock.sendall(f"PROXY TCP4 {self.client} 127.0.0.1 40000 {self.port}\r\n".encode())


def statuses(nodes, path, count, client):
    """The status codes of `count` GETs of `path` by `client`, taking turns between nodes."""
    answers = []
    for i in range(count):
        conn = BehindTheBalancer(nodes[i % 2].url, client)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1"})
            answers.append(conn.getresponse().status)
        finally:
            conn.close()
    return answers


def test_the_private_link_rate_limit_counts_a_clients_requests_to_both_nodes_together(nodes):
    path = reverse("invitation:respond", args=["no-such-invitation-token"])

    # The limit counts in fixed windows of RATE_WINDOW seconds. Should one end during the
    # requests, they are sent again for another client, whose count starts at nought: a
    # second window cannot end within the same few seconds.
    for client in ("203.0.113.7", "203.0.113.8"):
        window = int(time.time() // RATE_WINDOW)
        answers = statuses(nodes, path, RATE_LIMIT + 2, client)
        if int(time.time() // RATE_WINDOW) == window:
            break

    assert answers == [404] * RATE_LIMIT + [429, 429]
    # Counted per client, not per balancer: another client through it is not held back.
    assert statuses(nodes, path, 2, "198.51.100.4") == [404, 404]
