"""Logs and task messages carry ids, never what a person typed.

The main flows run through the test client with canary values wherever a person types
(names, e-mail addresses, note and option text, invitation tokens); every log record of
every logger, at DEBUG, and every Celery task's arguments are then searched for them.
"""

import logging
import re
import uuid

import pytest
from celery import signals
from django.core import mail
from django.urls import reverse

from dialogues.models import Dialogue
from participants.models import Invitation, Participant
from tests.privacy.cases_invitations import new_invitation
from tests.privacy.world import plant
from trackii.privacy.levels import Level

NAME = "CANARY-LOG-PERSON-NAME"
EMAIL = "canary-log-invitee@example.org"
LOGIN_EMAIL = "canary-log-login@example.org"
NOTE = "CANARY-LOG-NOTE-TEXT"
OPTION = "CANARY-LOG-OPTION-TEXT"
DIALOGUE_TITLE = "CANARY-LOG-DIALOGUE-TITLE"
SIDE = "CANARY-LOG-SIDE"
WRONG_TOKEN = "canary-log-wrong-token-0123456789"
CANARIES = [NAME, EMAIL, LOGIN_EMAIL, NOTE, OPTION, DIALOGUE_TITLE, SIDE, WRONG_TOKEN]

LOGGERS = (
    "",
    "django",
    "django.request",
    "django.server",
    "django.security",
    "django.db.backends",
    "celery",
    "celery.app.trace",
    "axes",
    "trackii",
    "participants",
    "facilitation",
    "dialogues",
)


@pytest.fixture
def world(cast):
    return plant(cast)


@pytest.fixture
def all_logs(caplog):
    """Every record of every logger at DEBUG, including loggers that do not propagate."""
    silent = []
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
        logger = logging.getLogger(name)
        if name and not logger.propagate:
            logger.addHandler(caplog.handler)
            silent.append(logger)
    yield caplog
    for logger in silent:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def task_calls():
    """(task name, args, kwargs) of every task published or run eagerly."""
    calls = []

    def published(sender=None, body=None, headers=None, **kwargs):
        args, kw = (body[0], body[1]) if isinstance(body, list | tuple) else ((), {})
        calls.append((sender, tuple(args), dict(kw)))

    def ran(sender=None, task=None, args=None, kwargs=None, **extra):
        calls.append((getattr(task, "name", sender), tuple(args or ()), dict(kwargs or {})))

    signals.before_task_publish.connect(published, weak=False)
    signals.task_prerun.connect(ran, weak=False)
    yield calls
    signals.before_task_publish.disconnect(published)
    signals.task_prerun.disconnect(ran)


def _record_text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), repr(record.msg), repr(record.args)]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


def _run_main_flows(world, client_for, django_capture_on_commit_callbacks):
    """Create a dialogue, add a participant, log a note and an option, invite someone, open
    the private link with a wrong and the right token, fail a login. Returns the token."""
    dialogue = world.dialogue
    organizer = client_for(world.cast["organizer"])
    response = organizer.post(
        reverse("dialogue-create"),
        {
            "code_name": "LOGCANARY",
            "title": DIALOGUE_TITLE,
            "status": "exploring",
            "track": "track2",
            "agreement_rule": "chatham_house",
            "default_level": Level.TEAM,
            "k_threshold": "5",
            "sides": f"{SIDE}-A\n{SIDE}-B",
        },
    )
    assert response.status_code == 302
    assert Dialogue.objects.filter(code_name="LOGCANARY").exists()

    response = organizer.post(
        reverse("participants:create", kwargs={"dialogue_id": dialogue.pk}),
        {
            "name": NAME,
            "email": EMAIL,
            "side": world.participants["open"].side_id,
            "level": Level.DIALOGUE,
            "state": "proposed",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.filter(side__dialogue=dialogue).latest("pk")
    assert participant.person.name == NAME

    facilitator = client_for(world.cast["facilitator"])
    entry = reverse(
        "facilitation:console-entry",
        kwargs={"dialogue_id": dialogue.pk, "session_id": world.objects["console_session"].pk},
    )
    for kind, text in (("note", NOTE), ("option", OPTION)):
        response = facilitator.post(
            entry,
            {"text": text, "kind": kind, "level": Level.TEAM, "client_key": str(uuid.uuid4())},
        )
        assert response.status_code == 302, kind

    organizer = client_for(world.cast["organizer"])
    data = {
        **new_invitation(world),
        "participant": participant.pk,
        "unvetted_reason": "Both co-chairs vouch for them",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer.post(
            reverse("participants:invitation-create", kwargs={"dialogue_id": dialogue.pk}), data
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(participant=participant)
    assert invitation.sent_at is not None
    token = re.search(r"/i/([^/\s]+)/", mail.outbox[-1].body).group(1)

    anonymous = client_for(None)
    wrong = anonymous.get(reverse("invitation:respond", kwargs={"token": WRONG_TOKEN}))
    right = anonymous.get(reverse("invitation:respond", kwargs={"token": token}))
    assert (wrong.status_code, right.status_code) == (404, 200)

    response = anonymous.post(
        reverse("accounts:login"),
        {"username": LOGIN_EMAIL, "password": "not-the-password-at-all"},
        REMOTE_ADDR="203.0.113.99",
    )
    assert response.status_code == 200
    return token


@pytest.mark.django_db(transaction=False)
def test_main_flows_with_canaries_log_none_of_them(
    world, client_for, all_logs, task_calls, django_capture_on_commit_callbacks
):
    token = _run_main_flows(world, client_for, django_capture_on_commit_callbacks)

    canaries = [*CANARIES, token]
    leaks = [
        (record.name, canary)
        for record in all_logs.records
        for canary in canaries
        if canary.lower() in _record_text(record).lower()
    ]
    assert all_logs.records, "nothing was logged: the capture does not work"
    assert leaks == []


@pytest.mark.django_db(transaction=False)
def test_main_flows_send_tasks_with_ids_only(
    world, client_for, all_logs, task_calls, django_capture_on_commit_callbacks
):
    _run_main_flows(world, client_for, django_capture_on_commit_callbacks)

    assert task_calls, "no task ran: the invitation was not sent through Celery"
    not_ids = [
        (name, args, kwargs)
        for name, args, kwargs in task_calls
        if not all(type(v) is int for v in (*args, *kwargs.values()))
    ]
    assert not_ids == []
