"""The daily reminder e-mail (issue 17), with a frozen clock: each kind of reminder reaches
the people it concerns once, in their language, with counts and code names only."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from facilitation.models import Reflection, Transfer, TrustReading
from participants.models import ConsentRecord
from tests.factories import (
    ConsentRecordFactory,
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    ReportingObligationFactory,
    RoundFactory,
    SessionFactory,
    SideFactory,
)
from trackii.accounts.models import ReminderKind, ReminderOptOut
from trackii.privacy.levels import Level
from trackii.workflows.reminders import reminders_send_daily
from trackii.workflows.tasks import reminders_send

#: The morning the digest runs: the round of 12–14 October is over, a report falls due.
NOW = dt.datetime(2026, 10, 16, 6, 0, tzinfo=dt.UTC)

CANARIES = (
    "CANARY-PERSON-NAME",
    "CANARY-DIALOGUE-TITLE",
    "CANARY-OBLIGATION",
    "CANARY-FUNDER",
    "CANARY-TRANSFER-INSIGHT",
    "CANARY-ROUND-TITLE",
    "CANARY-SESSION-TITLE",
    "CANARY-SIDE",
)


@pytest.fixture
def frozen():
    """Stop the clock at NOW for everything that asks django.utils.timezone."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def work(cast, frozen):
    """One of each thing that needs somebody in JUNIPER on the morning of NOW."""
    dialogue = cast.dialogue
    dialogue.title = "CANARY-DIALOGUE-TITLE"
    dialogue.save()
    side = SideFactory(dialogue=dialogue, name="CANARY-SIDE")
    round_ = RoundFactory(
        dialogue=dialogue,
        title="CANARY-ROUND-TITLE",
        starts_on=dt.date(2026, 10, 12),
        ends_on=dt.date(2026, 10, 14),
    )
    session = SessionFactory(round=round_, title="CANARY-SESSION-TITLE")
    session.facilitators.add(cast["facilitator"])
    ReportingObligationFactory(
        funding__dialogue=dialogue,
        funding__funder__name="CANARY-FUNDER",
        description="CANARY-OBLIGATION",
        due_on=dt.date(2026, 10, 20),
    )
    Transfer.objects.create(
        dialogue=dialogue,
        transferred_on=dt.date(2026, 10, 1),
        channel="briefing",
        recipient_kind="ministry",
        insight="CANARY-TRANSFER-INSIGHT",
        level=Level.TEAM,
        follow_up_due=dt.date(2026, 10, 16),
    )
    quiet = ParticipantFactory(side=side, person=PersonFactory(name="CANARY-PERSON-NAME"))
    InvitationFactory(participant=quiet, round=round_, sent_at=NOW - dt.timedelta(days=8))
    withdrew = ParticipantFactory(side=side)
    with mock.patch("django.utils.timezone.now", return_value=NOW - dt.timedelta(hours=10)):
        ConsentRecordFactory(participant=withdrew, given=False)
    return {"round": round_, "session": session}


def _mail_to(user):
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) <= 1, "more than one digest for one person"
    return found[0] if found else None


def test_each_kind_reaches_whom_it_concerns_once(cast, work, frozen):
    assert reminders_send_daily() == 2

    organizer = _mail_to(cast["organizer"]).body
    assert "JUNIPER" in organizer
    assert "1 report to a funder is due on Oct. 20, 2026." in organizer
    assert "The follow-up of 1 transfer is due." in organizer
    assert "1 invitation has had no answer for a week or more." in organizer
    assert "1 participant withdrew their consent since yesterday." in organizer
    assert reverse("accounts:reminders") in organizer
    for line in ("report to a funder", "transfer", "invitation", "withdrew"):
        assert organizer.count(line) == 1, line

    # The facilitator listed on the session: their missing reading and reflection only.
    facilitator = _mail_to(cast["facilitator"]).body
    assert "1 session you facilitated has no trust reading." in facilitator
    assert "1 round you facilitated has no reflection from you." in facilitator
    assert "report" not in facilitator
    assert "invitation" not in facilitator

    for role in ("participant", "funder", "observer", "other_member", "outsider"):
        assert _mail_to(cast[role]) is None, role


def test_no_confidential_word_in_any_digest(cast, work, frozen):
    reminders_send_daily()
    assert mail.outbox
    for message in mail.outbox:
        for canary in CANARIES:
            assert canary not in message.subject + message.body, canary


def test_a_second_run_the_same_day_sends_nothing(cast, work, frozen):
    assert reminders_send.delay().get() == 2
    assert reminders_send_daily() == 0
    assert len(mail.outbox) == 2


def test_done_work_is_not_reminded(cast, work, frozen):
    TrustReading.objects.create(
        session=work["session"],
        side=work["session"].round.dialogue.sides.first(),
        trust=3,
        belief=3,
    )
    Reflection.objects.create(round=work["round"], author=cast["facilitator"])
    assert reminders_send_daily() == 1
    assert _mail_to(cast["facilitator"]) is None


def test_each_person_reads_it_in_their_language(cast, work, frozen):
    organizer = cast["organizer"]
    organizer.language = "fr"
    organizer.save()
    reminders_send_daily()
    body = _mail_to(organizer).body
    assert "Ce qui requiert votre attention dans trackii le 16 octobre 2026" in body
    assert "1 invitation est sans réponse depuis une semaine ou plus." in body
    assert "20 octobre 2026" in body  # the date, as French writes it
    assert "What needs you" not in body
    # The facilitator, who chose no language, reads it in English.
    assert "What needs you in trackii on" in _mail_to(cast["facilitator"]).body


def test_opting_out_of_a_kind_leaves_it_out(cast, work, frozen, client_for):
    client = client_for(cast["organizer"])
    kinds = [k for k in ReminderKind.values if k != ReminderKind.INVITATIONS]
    response = client.post(reverse("accounts:reminders"), {"kinds": kinds})
    assert response.status_code == 302
    assert list(ReminderOptOut.objects.values_list("user", "kind")) == [
        (cast["organizer"].pk, ReminderKind.INVITATIONS)
    ]
    reminders_send_daily()
    body = _mail_to(cast["organizer"]).body
    assert "invitation" not in body
    assert "report to a funder" in body

    # The page shows the choice as saved: every box ticked but the invitations'.
    page = client.get(reverse("accounts:reminders")).text
    boxes = dict(re.findall(r'<input type="checkbox"[^>]*value="(\w+)"([^>]*)>', page))
    assert set(boxes) == set(ReminderKind.values)
    assert "checked" not in boxes[ReminderKind.INVITATIONS]
    assert all("checked" in boxes[kind] for kind in kinds)


def test_nobody_opted_out_of_everything_gets_nothing(cast, work, frozen, client_for):
    client_for(cast["organizer"]).post(reverse("accounts:reminders"), {})
    reminders_send_daily()
    assert _mail_to(cast["organizer"]) is None
    assert ConsentRecord.objects.filter(given=False).exists()
