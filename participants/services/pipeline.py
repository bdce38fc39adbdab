"""The participant's journey joined up: what an answer, a withdrawal or a closed file does
to the participant's state, their rounds and their links.

The invited person's answers (participants.services.invitations) and the organizers'
moves (participants.services.participants) both call these functions, so each rule exists
once:

- accepting an invitation confirms the participant and puts them in that round
  (RoundParticipation, which the balance warnings count);
- declining takes them out of that round; their state follows from what is left
  (pipeline_state_after_answers);
- a withdrawal (of consent through the link or an account, or an organizer moving the
  participant to Withdrawn) closes the file: state Withdrawn, out of every round not yet
  begun, every invitation revoked (their links answer like a wrong one), and the
  dialogue's organizers are told by e-mail, by code name only;
- an organizer closing a file as Declined revokes the participant's invitations too.

These helpers do not check who acts: their callers have (the link's token, the invited
person's account, or require_role for organizers). They run inside the caller's
transaction, with the participant's row locked by the caller where it matters.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from participants.models import Invitation, Participant, RoundParticipation
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role

S = Participant.State
R = Invitation.Response


def _set_state(participant: Participant, state: str) -> None:
    if participant.state != state:
        participant.state = state
        participant.save(update_fields=["state", "updated_at"])


def pipeline_state_after_answers(participant: Participant) -> str:
    """The state a participant's own answers put them in, the file being open:

    - Confirmed while any of their standing, unrevoked invitations is accepted;
    - else Invited while one is still unanswered and live;
    - else Declined: they said no to everything they were asked. Their links keep
      working (Invitation.objects.standing), so they can change their mind; an
      organizer who closes the file revokes the invitation, and the link dies.
    """
    invitations = Invitation.objects.filter(participant=participant, revoked_at__isnull=True)
    if invitations.filter(response=R.ACCEPTED).exists():
        return S.CONFIRMED
    if invitations.filter(response=R.PENDING, expires_at__gt=timezone.now()).exists():
        return S.INVITED
    return S.DECLINED


def pipeline_answer(*, invitation: Invitation) -> None:
    """Apply the invitation's answer (already saved): accepted puts the participant in the
    round and confirms them; declined takes them out of the round (attendance recorded for
    it goes too) and moves their state as pipeline_state_after_answers says."""
    participant = invitation.participant
    if invitation.response == R.ACCEPTED:
        RoundParticipation.objects.get_or_create(round=invitation.round, participant=participant)
    elif invitation.response == R.DECLINED:
        RoundParticipation.objects.filter(round=invitation.round, participant=participant).delete()
    _set_state(participant, pipeline_state_after_answers(participant))


def pipeline_invited(*, participant: Participant) -> None:
    """A new invitation was made: a participant not yet confirmed is now Invited."""
    if participant.state != S.CONFIRMED:
        _set_state(participant, S.INVITED)


def pipeline_close(*, participant: Participant, state: str) -> None:
    """Close the participant's file as Withdrawn or Declined (CLOSED_STATES).

    Every unrevoked invitation is revoked, so each of their links answers like a wrong one
    (DESIGN.md: "private links die when their reason does"). A withdrawal also takes them
    out of every round that has not begun (attendance of rounds already held stays: it
    happened) and e-mails the dialogue's organizers once the transaction commits.
    """
    _set_state(participant, state)
    Invitation.objects.filter(participant=participant, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if state == S.WITHDRAWN:
        RoundParticipation.objects.filter(
            participant=participant, round__starts_on__gt=timezone.localdate()
        ).delete()
        _enqueue_withdrawal_notice(participant)


def _enqueue_withdrawal_notice(participant: Participant) -> None:
    """By id only, through the outbox (as the invitation e-mail): the broker never carries a
    name, and a broker outage delays the e-mail rather than losing it."""
    from participants import tasks
    from trackii.outbox.services import outbox_enqueue

    outbox_enqueue(tasks.withdrawal_notify, participant.pk)


def withdrawal_notify(*, participant_id: int) -> int:
    """E-mail each organizer of the participant's dialogue that a participant withdrew.
    Run by the Celery task; returns how many e-mails were sent.

    E-mail is not a confidential channel: the message names the dialogue by its code
    name and links to the participant's page (ids only); never the person's name, their
    side, nor anything they or the team wrote. Each organizer reads it in their own
    language (User.language), else the site's. Nothing is sent if the participant is no
    longer withdrawn when the task runs (reopened meanwhile).
    """
    participant = Participant.objects.select_related("dialogue").filter(pk=participant_id).first()
    if participant is None or participant.state != S.WITHDRAWN:
        return 0
    dialogue = participant.dialogue
    organizers = Membership.objects.filter(
        dialogue=dialogue, role=Role.ORGANIZER, user__is_active=True
    ).values_list("user__email", "user__language")
    link = settings.SITE_URL + reverse(
        "participants:detail", kwargs={"dialogue_id": dialogue.pk, "participant_id": participant.pk}
    )
    context = {"code_name": dialogue.code_name, "link": link}
    sent = 0
    with transaction.atomic():
        for email, language in organizers:
            if not email:
                continue
            with translation.override(language or settings.LANGUAGE_CODE):
                subject = render_to_string("email/withdrawal_notice_subject.txt", context)
                body = render_to_string("email/withdrawal_notice_body.txt", context)
            EmailMessage(
                subject=" ".join(subject.split()),
                body=body,
                to=[email],
                headers={"Content-Language": language or settings.LANGUAGE_CODE},
            ).send()
            sent += 1
    return sent
