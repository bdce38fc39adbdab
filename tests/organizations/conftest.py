"""Fixtures for invitations to an account: a helper that invites through the service and
returns the link's token as the invited person finds it in their e-mail."""

import re
import time
from types import SimpleNamespace

import pytest
from django.core import mail

from trackii.lib import ratelimit
from trackii.organizations import services
from trackii.organizations.views import RATE_SCOPE, RATE_WINDOW

LINK = re.compile(r"http://testserver/join/([A-Za-z0-9_-]+)/")


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    """Every test client request comes from 127.0.0.1: start each test with no count, and
    hold the rate limit's clock still so all of a test's requests fall in one window."""
    held = time.time()
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: held))
    ratelimit.reset(RATE_SCOPE, "127.0.0.1", window=RATE_WINDOW)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


def token_from_mail(message) -> str:
    [token] = LINK.findall(message.body)
    return token


@pytest.fixture
def invite(cast, django_capture_on_commit_callbacks):
    """invite(email, role) -> (invitation, token): JUNIPER's organizer invites `email` into
    JUNIPER, and the e-mail is sent (the outbox's commit hook runs the eager task)."""

    def send(email, role="facilitator", *, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.account_invitation_create(
                actor=actor or cast["organizer"],
                org=cast.organization,
                dialogue=cast.dialogue,
                email=email,
                dialogue_role=role,
            )
        invitation.refresh_from_db()
        return invitation, token_from_mail(mail.outbox[-1])

    return send
