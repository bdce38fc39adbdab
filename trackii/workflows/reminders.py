"""The daily reminder e-mail: for each organizer and facilitator, what needs them today in
the dialogues they work in (issue 17). It reads reports (dialogues), invitations and consent
(participants), and sessions, readings, transfers and reflections (facilitation), so it
lives above those apps.

What the e-mail says is counts and dates under each dialogue's code name: never a name, a
title or any confidential word, since e-mail is not a confidential channel. Every count is
read through visible_to(user) for the recipient, so it never counts what they could not
open. Each user chooses the kinds they get (accounts.ReminderOptOut), and gets at most one
e-mail a day (accounts.ReminderDigest), in their own language.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Min, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import Dialogue, ReportingObligation, Round
from facilitation.models import Reflection, Session, Transfer, TrustReading
from participants.models import ConsentRecord, Invitation, Participant
from trackii.accounts.models import ReminderDigest, ReminderKind, ReminderOptOut, User
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

#: A report is mentioned from this many days before it is due (and while overdue).
REPORT_NOTICE_DAYS = 7
#: An invitation sent this long ago with no answer is mentioned.
INVITATION_QUIET_DAYS = 7
#: A session that ended this recently with no trust reading is mentioned.
READING_LOOKBACK_DAYS = 7
#: A round that ended this recently with no reflection from its facilitator is mentioned.
REFLECTION_LOOKBACK_DAYS = 14
#: A transfer's follow-up is mentioned from its due day for this many days.
FOLLOW_UP_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str
    count: int
    due_on: dt.date | None = None  # the earliest date, where the kind has one


@dataclass(frozen=True)
class DialogueReminders:
    code_name: str
    url: str
    reminders: list[Reminder]


def _organizer_reminders(user, dialogue, today, now) -> list[Reminder]:
    found = []
    reports = ReportingObligation.objects.visible_to(user).filter(
        funding__dialogue=dialogue,
        done=False,
        due_on__lte=today + dt.timedelta(days=REPORT_NOTICE_DAYS),
    )
    row = reports.aggregate(n=Count("id"), first=Min("due_on"))
    if row["n"]:
        found.append(Reminder(ReminderKind.REPORTS, row["n"], row["first"]))

    transfers = Transfer.objects.visible_to(user).filter(
        dialogue=dialogue,
        follow_up_due__lte=today,
        follow_up_due__gt=today - dt.timedelta(days=FOLLOW_UP_DAYS),
    )
    if n := transfers.count():
        found.append(Reminder(ReminderKind.TRANSFERS, n))

    participants = Participant.objects.visible_to(user).filter(dialogue=dialogue).values("pk")
    quiet = Invitation.objects.visible_to(user).filter(
        round__dialogue=dialogue,
        participant__in=participants,
        response=Invitation.Response.PENDING,
        revoked_at__isnull=True,
        expires_at__gt=now,
        sent_at__lte=now - dt.timedelta(days=INVITATION_QUIET_DAYS),
    )
    if n := quiet.count():
        found.append(Reminder(ReminderKind.INVITATIONS, n))

    withdrawn = ConsentRecord.objects.visible_to(user).filter(
        participant__in=participants,
        given=False,
        created_at__gt=now - dt.timedelta(days=1),
    )
    if n := withdrawn.values("participant").distinct().count():
        found.append(Reminder(ReminderKind.CONSENT, n))
    return found


def _facilitator_reminders(user, dialogue, today, now) -> list[Reminder]:
    """The sessions and rounds `user` facilitated (listed on a session) that lack their
    records: trust readings of a session, the facilitator's own reflection on a round."""
    found = []
    theirs = Session.objects.visible_to(user).filter(round__dialogue=dialogue, facilitators=user)
    unread = theirs.filter(
        ends_at__lte=now, ends_at__gt=now - dt.timedelta(days=READING_LOOKBACK_DAYS)
    ).exclude(Exists(TrustReading.objects.filter(session=OuterRef("pk"))))
    if n := unread.count():
        found.append(Reminder(ReminderKind.READINGS, n))

    rounds = (
        Round.objects.visible_to(user)
        .filter(
            dialogue=dialogue,
            ends_on__lt=today,
            ends_on__gte=today - dt.timedelta(days=REFLECTION_LOOKBACK_DAYS),
            pk__in=theirs.values("round_id"),
        )
        .exclude(Exists(Reflection.objects.filter(round=OuterRef("pk"), author=user)))
    )
    if n := rounds.count():
        found.append(Reminder(ReminderKind.REFLECTIONS, n))
    return found


def reminders_for(user, *, today: dt.date, now: dt.datetime) -> list[DialogueReminders]:
    """What needs `user` today, per dialogue they organize or facilitate (not closed),
    keeping only the kinds they want. Dialogues with nothing are left out."""
    off = set(ReminderOptOut.objects.filter(user=user).values_list("kind", flat=True))
    memberships = (
        Membership.objects.for_user(user)
        .filter(role__in=[Role.ORGANIZER, Role.FACILITATOR])
        .exclude(dialogue__status=Dialogue.Status.CLOSED)
        .select_related("dialogue")
        .order_by("dialogue__code_name")
    )
    digest = []
    for membership in memberships:
        dialogue = membership.dialogue
        found = _facilitator_reminders(user, dialogue, today, now)
        if membership.role == Role.ORGANIZER:
            found = _organizer_reminders(user, dialogue, today, now) + found
        found = [r for r in found if r.kind not in off]
        if found:
            url = settings.SITE_URL + reverse("dialogues:detail", args=[dialogue.pk])
            digest.append(DialogueReminders(dialogue.code_name, url, found))
    return digest


def reminders_send_daily(*, now: dt.datetime | None = None) -> int:
    """E-mail each active organizer and facilitator what needs them today, once a day.
    Answers how many e-mails went out. A repeated run on the same day sends nothing new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    team = Membership.objects.filter(role__in=[Role.ORGANIZER, Role.FACILITATOR]).exclude(
        dialogue__status=Dialogue.Status.CLOSED
    )
    users = (
        User.objects.filter(is_active=True, pk__in=team.values("user_id"))
        .exclude(Exists(ReminderDigest.objects.filter(user=OuterRef("pk"), day=today)))
        .order_by("pk")
    )
    sent = 0
    for user in users:
        digest = reminders_for(user, today=today, now=now)
        if digest and _send(user, digest, today):
            sent += 1
    return sent


def _send(user, digest, today) -> bool:
    """Record, then send, in one transaction: if sending fails, nothing is recorded and the
    next run tries again; if another run recorded it first, this one sends nothing."""
    try:
        with transaction.atomic():
            ReminderDigest.objects.create(user=user, day=today)
            with translation.override(user.language or settings.LANGUAGE_CODE):
                context = {
                    "digest": digest,
                    "today": today,
                    "settings_url": settings.SITE_URL + reverse("accounts:reminders"),
                }
                subject = render_to_string("reminders/digest_subject.txt", context).strip()
                body = render_to_string("reminders/digest.txt", context)
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except IntegrityError:
        return False
    return True
