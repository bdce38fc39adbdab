"""Fixtures for invitations: a round at a named venue, an invited participant with an
e-mail address, and a helper that sends an invitation and returns the link's token
as the participant would find it in their e-mail."""

import datetime as dt
import re
import time
from types import SimpleNamespace

import pytest
from django.core import mail

from participants.tasks import invitation_send
from participants.views.public import RATE_SCOPE, RATE_WINDOW
from tests.factories import (
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SideFactory,
    VenueFactory,
)
from trackii.lib import ratelimit

LINK = re.compile(r"http://testserver/i/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    """Every test client request comes from 127.0.0.1; start each test with no count.

    The limit counts in fixed windows of the clock: a test that counts up to the limit
    while a new window begins would start again from zero. The rate limit's clock is
    held still for the test, so all its requests fall in one window.
    """
    held = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def side(cast):
    return SideFactory(dialogue=cast.dialogue, name="Northern Council")


@pytest.fixture
def round_(cast):
    venue = VenueFactory(
        dialogue=cast.dialogue, name="Hotel Bellevue", city="Oslo", country="Norway"
    )
    return RoundFactory(
        dialogue=cast.dialogue,
        title="Second round",
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 3),
        venue=venue,
    )


@pytest.fixture
def invitee(side):
    person = PersonFactory(name="Amira Haddad", email="amira@example.org")
    return ParticipantFactory(side=side, person=person, state="vetted")


@pytest.fixture
def invitation(round_, invitee):
    return InvitationFactory(round=round_, participant=invitee)


def token_from_mail(message) -> str:
    [token] = LINK.findall(message.body)
    return token


def send_link(invitation) -> str:
    """Run the send task as the worker would, and return the token of the e-mailed link."""
    invitation_send(invitation.pk)
    return token_from_mail(mail.outbox[-1])


@pytest.fixture
def link(invitation):
    """The sent invitation's raw token, as in the e-mail."""
    return send_link(invitation)
