"""The standing cast: one dialogue with a member of every role, a member of another
dialogue only, a user with no membership, and the anonymous visitor."""

import io
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.factories import (
    DialogueFactory,
    MembershipFactory,
    OrganizationFactory,
    OrganizationMembershipFactory,
    UserFactory,
)
from tests.i18n.catalogs import compile_stale
from trackii.accounts.testing import verify_session
from trackii.organizations.models import OrgRole
from trackii.privacy.roles import Role

#: Every way a visitor can stand towards the dialogue under test.
CAST = [
    "organizer",
    "facilitator",
    "participant",
    "funder",
    "observer",
    "other_member",
    "outsider",
    "anonymous",
]


@dataclass
class Cast:
    dialogue: object
    other_dialogue: object
    users: dict

    @property
    def organization(self):
        return self.dialogue.organization

    @property
    def other_organization(self):
        return self.other_dialogue.organization

    def __getitem__(self, key):
        return self.users[key]


def pytest_configure(config):
    """Compile the translation catalogs whose .mo is missing or older than the .po, once,
    before any test: no test reads a stale catalog. Only in the controlling process:
    pytest-xdist starts its workers after this, and they find the catalogs compiled."""
    if not hasattr(config, "workerinput"):
        compile_stale()


@pytest.fixture(autouse=True)
def _redis_breakers_closed():
    """Each test starts trying Redis afresh: a test that made the cache or the broker fail
    must not make this process skip them for the next one (trackii/outbox)."""
    from trackii.outbox.cache import breaker
    from trackii.outbox.services import broker_skip_reset

    breaker.reset()
    broker_skip_reset()


@pytest.fixture
def cast(db):
    # JUNIPER's organization is made first, so it is the default of every factory.
    dialogue = DialogueFactory(code_name="JUNIPER", organization=OrganizationFactory())
    # The other dialogue belongs to another organization on the same instance.
    other = DialogueFactory(code_name="OTHER-DIALOGUE-CODENAME", organization=OrganizationFactory())
    users = {}
    for role in Role.values:
        user = UserFactory(email=f"{role}@example.org", display_name=f"The {role}")
        MembershipFactory(dialogue=dialogue, user=user, role=role)
        users[role] = user
    # The organizer administers JUNIPER's organization; the facilitator is a member of it.
    # Participants, funders and observers are not members of the organization.
    OrganizationMembershipFactory(
        org=dialogue.organization, user=users["organizer"], role=OrgRole.ADMIN
    )
    OrganizationMembershipFactory(org=dialogue.organization, user=users["facilitator"])
    users["other_member"] = UserFactory(email="other@example.org", display_name="Other member")
    MembershipFactory(dialogue=other, user=users["other_member"], role=Role.ORGANIZER)
    OrganizationMembershipFactory(
        org=other.organization, user=users["other_member"], role=OrgRole.ADMIN
    )
    users["outsider"] = UserFactory(email="outsider@example.org", display_name="Outsider")
    users["anonymous"] = None
    return Cast(dialogue=dialogue, other_dialogue=other, users=users)


@pytest.fixture
def client_for(client):
    """A test client logged in as one of the cast (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
            # Organizers and facilitators must pass a second factor before any page.
            verify_session(client, user)
        return client

    return login


@contextmanager
def data_for_the_module(django_db_blocker):
    """Rows made once for a whole test module, as Django's setUpTestData makes them: inside
    a transaction rolled back when the module is done. Each test of the module still runs
    in a savepoint of its own inside it (the `db` fixture), so what one test changes is
    gone for the next, and no other module ever sees the rows."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """seed_demo's printed output, the demo being seeded once per module that asks for it
    (see data_for_the_module). Tests take `demo`, which also gives them the database."""
    with data_for_the_module(django_db_blocker):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


# --- Services a test needs ------------------------------------------------
# CI provides every service (PostgreSQL, Redis, redis-server, ...), so a test that finds one
# missing there fails: a green run must never hide a test that did not run. On a workstation
# the same test is skipped, and -ra prints the reason.


def in_ci() -> bool:
    """Whether this is a CI run: the CI variable set to anything but empty, 0, false or no."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def service_missing(reason: str) -> NoReturn:
    """Stop the current test or fixture for lack of a service: fail in CI, skip elsewhere."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: a missing service fails the run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def require_service():
    """``require_service("REDIS_URL")`` answers the variable's value, or stops the test.

    Unset or empty, the test is skipped ("needs REDIS_URL; CI sets it") or, in CI, failed.
    """

    def require(env_var: str) -> str:
        value = os.environ.get(env_var, "").strip()
        if not value:
            service_missing(f"needs {env_var}; CI sets it")
        return value

    return require


@pytest.fixture(scope="session")
def require_executable():
    """``require_executable("redis-server")`` answers the program's path, or stops the test.

    Not on PATH, the test is skipped locally or, in CI, failed.
    """

    def require(name: str) -> str:
        path = shutil.which(name)
        if path is None:
            service_missing(f"needs the {name} program on PATH; CI installs it")
        return path

    return require


#: The queues (and worker node names) the integration tests' Celery workers use start so.
TEST_QUEUE_PREFIX = "trackii-test-"


def forget_test_bindings(client, prefix: str = TEST_QUEUE_PREFIX) -> int:
    """Remove what kombu left in Redis, with no expiry, for queues and workers whose name
    starts with `prefix`: each queue's binding tables, the workers' entries in the pidbox
    binding, and the broadcast deadlines once no worker is left in it. Answers how many
    keys or entries went."""
    removed = 0
    for pattern in (f"_kombu.binding.{prefix}*", f"_kombu.binding_permanent.{prefix}*"):
        for key in client.scan_iter(match=pattern, count=500):
            removed += client.delete(key)
    for binding in client.scan_iter(match="_kombu.binding.*pidbox", count=500):
        if binding.startswith(f"_kombu.binding.{prefix}".encode()):
            continue
        # A member is routing key, pattern and queue, joined by kombu's separator.
        members = [
            m
            for m in client.smembers(binding)
            if m.split(b"\x06\x16")[-1].decode().startswith(prefix)
        ]
        if members:
            removed += client.srem(binding, *members)
        if not client.scard(binding):
            exchange = binding.decode().removeprefix("_kombu.binding.")
            removed += client.zrem("_kombu.binding_deadlines", exchange, f"reply.{exchange}")
    return removed


def pytest_sessionfinish(session, exitstatus):
    """After the whole run (on the controller, once every xdist worker is done), leave the
    test Redis as the run found it: kombu keeps its binding tables forever otherwise."""
    if hasattr(session.config, "workerinput") or not os.environ.get("REDIS_URL", "").strip():
        return
    import redis

    try:
        client = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2)
        try:
            forget_test_bindings(client)
        finally:
            client.close()
    except redis.RedisError:
        pass  # a Redis that is gone has nothing left to tidy


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A skip raised by a shared helper (service_missing above, a conftest fixture) is
    reported at the test that was skipped, not at the helper's line: `-ra` then names
    every skipped test instead of folding them under "tests/conftest.py:121"."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and "conftest.py" in str(longrepr[0]):
        path, line = item.reportinfo()[:2]
        report.longrepr = (str(path), (line or 0) + 1, longrepr[2])
    return report
