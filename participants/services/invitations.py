"""Invitations to rounds and consent to the confidentiality agreement: writes and reads.

Two kinds of people act here:

- organizers (by their trackii account) create, revoke and re-send invitations;
- the invited participant answers, states their needs and gives or withdraws consent,
  either through the private link (they prove who they are with the link's token,
  `token=`) or through their own trackii account (`actor=`, when Person.user is them).

Every write checks who acts itself, so no caller (view, task, command) can skip it.
The raw token exists only in the e-mail and in the participant's hands: trackii
stores its SHA-256 (`hash_token`) and never logs it.
"""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from dialogues.models import ParticipantText
from dialogues.services.participant_texts import ShownText, is_current, shown_text
from participants.models import ConsentRecord, Invitation, Participant, hash_token
from participants.services import pipeline
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent

logger = logging.getLogger(__name__)

DEFAULT_VALID_DAYS = 21
MAX_VALID_DAYS = 90
NEEDS_FIELDS = ("dietary_needs", "access_needs", "travel_needs")
#: States in which a participant has been vetted: inviting them needs no reason.
VETTED_STATES = (
    Participant.State.VETTED,
    Participant.State.INVITED,
    Participant.State.CONFIRMED,
)


# --- reading ---------------------------------------------------------------


def agreement_shown(dialogue, *, language: str) -> ShownText:
    """The agreement a participant reading in `language` is shown (their language's newest
    version, else the reference language's). Uses the `participant_texts` prefetch."""
    return shown_text(dialogue, kind=ParticipantText.Kind.AGREEMENT, language=language)


def consent_is_current(record: ConsentRecord, *, versions) -> bool:
    """Whether `record` was given to the agreement as it reads now in the language it was
    given in: a consent to an earlier version of that language shows as such; a change of
    another language's version leaves it current. `versions`: the dialogue's
    ParticipantText rows (the agreement's at least)."""
    return is_current(
        language=record.agreement_language, digest=record.agreement_digest, versions=versions
    )


def agreement_versions_for_team(*, user, dialogue) -> list[ParticipantText]:
    """Every version of the dialogue's agreement, in every language, that `user` (a team
    member) may read: what consent_is_current compares a team's list against. One query."""
    return list(
        ParticipantText.objects.visible_to(user).filter(
            dialogue=dialogue, kind=ParticipantText.Kind.AGREEMENT
        )
    )


def _consents_newest_first(queryset=None) -> Prefetch:
    records = (queryset if queryset is not None else ConsentRecord.objects.all()).order_by(
        "-created_at", "-id"
    )
    return Prefetch("participant__consents", queryset=records, to_attr="consent_history")


def invitations_for_team(*, user, dialogue, round_id: int | None = None):
    """The dialogue's invitations for its team (organizers and facilitators).

    Only invitations of participants `user` may read (a restricted participant stays
    hidden from everyone it was not granted to), each with its round, its person and
    the participant's consent history newest first (`participant.consent_history`).
    A fixed number of queries, whatever the rows.
    """
    participants = Participant.objects.visible_to(user).filter(dialogue=dialogue)
    invitations = (
        Invitation.objects.visible_to(user)
        .filter(round__dialogue=dialogue, participant__in=participants)
        .select_related("round", "participant__person")
        .prefetch_related(_consents_newest_first(ConsentRecord.objects.visible_to(user)))
        .order_by("round__starts_on", "round_id", "-created_at", "-id")
    )
    if round_id is not None:
        invitations = invitations.filter(round_id=round_id)
    return invitations


def invitation_for_team(*, user, dialogue, invitation_id: int) -> Invitation | None:
    """One invitation of the dialogue the team member `user` may know of, or None."""
    participants = Participant.objects.visible_to(user).filter(dialogue=dialogue)
    return (
        Invitation.objects.visible_to(user)
        .filter(round__dialogue=dialogue, participant__in=participants, pk=invitation_id)
        .select_related("round__dialogue", "participant__person")
        .first()
    )


def _for_respondent(queryset):
    return queryset.select_related(
        "round__dialogue", "round__venue", "participant__person"
    ).prefetch_related(_consents_newest_first(), "round__dialogue__participant_texts")


def invitation_for_token(token: str) -> Invitation | None:
    """The live invitation the raw `token` opens (Invitation.objects.by_token: not
    revoked, not expired, its participant not withdrawn or declined by an organizer, its
    person not erased), or None.

    Whoever holds the token is the invited person as far as trackii can tell: the
    token is the only key, so the caller shows this invitation and nothing else.
    """
    if not token or len(token) > 128:
        return None
    return _for_respondent(Invitation.objects.by_token(token)).first()


def invitations_of(user):
    """Invitations addressed to `user` themselves (their Person.user), in every dialogue.

    Revoked invitations and those no longer standing (Invitation.objects.standing: the
    participant withdrawn or declined by an organizer) are left out, as their link would
    404. Nothing of anyone else.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Invitation.objects.none()
    return _for_respondent(
        Invitation.objects.standing().filter(
            participant__person__user=user, revoked_at__isnull=True
        )
    ).order_by("-round__starts_on", "-id")


def consent_state(invitation: Invitation, *, language: str) -> dict:
    """The participant's current consent (their latest record) as the respondent reading in
    `language` sees it: {"record": latest or None, "given": bool, "current_text": whether it
    was given to the agreement as it reads now in its language, "agreement": the ShownText
    they read}. Needs the `consent_history` prefetch."""
    history = getattr(invitation.participant, "consent_history", None)
    if history is None:
        history = list(invitation.participant.consents.order_by("-created_at", "-id"))
    latest = history[0] if history else None
    dialogue = invitation.round.dialogue
    return {
        "record": latest,
        "given": bool(latest and latest.given),
        "current_text": bool(
            latest and consent_is_current(latest, versions=dialogue.participant_texts.all())
        ),
        "agreement": agreement_shown(dialogue, language=language),
    }


# --- organizers --------------------------------------------------------------


def _enqueue_send(invitation: Invitation) -> None:
    """Send the invitation once the transaction has committed, by id only: the broker
    never carries a token, a name or an address. Through the outbox (trackii/outbox): a
    broker outage leaves the message pending, sent when the broker is back, instead of
    failing the page or losing the e-mail."""
    from participants import tasks
    from trackii.outbox.services import outbox_enqueue

    outbox_enqueue(tasks.invitation_send, invitation.pk)


def invitation_create(
    *,
    actor,
    round,
    participant: Participant,
    valid_days: int = DEFAULT_VALID_DAYS,
    show_venue: bool = False,
    unvetted_reason: str = "",
) -> Invitation:
    """Invite `participant` to `round` and send them the private link by e-mail (in Celery).

    Organizers only. The participant must be one of the round's dialogue that the
    organizer may read; a second live invitation to the same round is refused (re-send
    the first instead).

    Only a vetted participant (VETTED_STATES) is invited as a matter of course; anyone
    else needs `unvetted_reason`, kept (encrypted) on the invitation and its existence
    written to the audit log (the reason itself is text, so it stays out of the log's
    detail). A participant not yet confirmed becomes Invited.
    """
    require_organizer(actor, round.dialogue_id)
    if participant.dialogue_id != round.dialogue_id or not (
        Participant.objects.visible_to(actor).filter(pk=participant.pk).exists()
    ):
        raise ValidationError({"participant": _("Choose one of the listed participants.")})
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError(
            {"valid_days": _("Choose between 1 and %(max)d days.") % {"max": MAX_VALID_DAYS}}
        )
    unvetted_reason = unvetted_reason.strip()
    if participant.state not in VETTED_STATES and not unvetted_reason:
        raise ValidationError(
            {
                "unvetted_reason": _(
                    "This participant is %(state)s, not vetted. Say why you invite them "
                    "now, or vet them first."
                )
                % {"state": Participant.State(participant.state).label}
            }
        )
    now = timezone.now()
    invitation = Invitation(
        round=round,
        participant=participant,
        created_by=actor,
        expires_at=now + dt.timedelta(days=valid_days),
        show_venue=show_venue,
        unvetted_reason=unvetted_reason if participant.state not in VETTED_STATES else "",
    )
    invitation.full_clean()
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        if Invitation.objects.filter(
            round=round, participant=participant, revoked_at__isnull=True, expires_at__gt=now
        ).exists():
            raise ValidationError(
                {
                    "participant": _(
                        "This participant already has a live invitation to this round. "
                        "Re-send it from the list instead."
                    )
                }
            )
        invitation.save()
        if invitation.unvetted_reason:
            audit_record(
                action=AuditEvent.Action.PARTICIPANT_INVITED_UNVETTED,
                actor=actor,
                dialogue=round.dialogue,
                obj=invitation,
                detail={"participant": participant.pk, "state": participant.state},
            )
        pipeline.pipeline_invited(participant=participant)
        _enqueue_send(invitation)
    return invitation


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    """Withdraw an invitation: its link answers 404 from now on. Organizers only."""
    require_organizer(actor, invitation.round.dialogue_id)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_resend(*, actor, invitation: Invitation) -> Invitation:
    """Send a fresh link; the task replaces the stored hash, so the older link stops
    working. Organizers only; a revoked or expired invitation is not sent again."""
    require_organizer(actor, invitation.round.dialogue_id)
    if not invitation.is_live:
        raise ValidationError(
            _("This invitation was revoked or has expired. Invite the participant again.")
        )
    with transaction.atomic():
        _enqueue_send(invitation)
    return invitation


def invitation_deliver(*, invitation_id: int) -> str:
    """Make a fresh token for the invitation and e-mail its link. Run by the Celery task.

    Returns what happened ("sent", "missing", "not-live", "no-email"), never a secret.
    The new hash is stored in the same transaction as the e-mail is sent: if sending
    fails, the transaction rolls back and the previous link keeps working.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("round__dialogue", "round__venue", "participant__person")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            logger.info("invitation %s: not sent, it no longer exists", invitation_id)
            return "missing"
        if not Invitation.objects.live().filter(pk=invitation.pk).exists():
            # Revoked, expired, or its participant withdrawn, declined or erased.
            logger.info("invitation %s: not sent, it is no longer live", invitation_id)
            return "not-live"
        email = invitation.participant.person.email
        if not email:
            # No address in the log: the id is enough to find it.
            logger.warning("invitation %s: not sent, the person has no e-mail", invitation_id)
            return "no-email"
        token = secrets.token_urlsafe(32)
        invitation.token_hash = hash_token(token)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        _invitation_email(invitation, token, email).send()
    logger.info("invitation %s: sent", invitation_id)
    return "sent"


def _invitation_email(invitation: Invitation, token: str, email: str) -> EmailMessage:
    """The e-mail: the dialogue by code name only, no one else's name, the venue only
    when the organizer chose to show it, and the private link."""
    link = settings.SITE_URL + reverse("invitation:respond", kwargs={"token": token})
    # In the person's preferred language; the page behind the link opens in it too.
    language = invitation.participant.person.preferred_language or settings.LANGUAGE_CODE
    dialogue = invitation.round.dialogue
    context = {
        "code_name": dialogue.code_name,
        "round": invitation.round,
        "venue": invitation.round.venue if invitation.show_venue else None,
        "expires_at": invitation.expires_at,
        "link": link,
        # The organizers' own words, in that language, else in the reference language.
        "invitation_text": shown_text(
            dialogue, kind=ParticipantText.Kind.INVITATION, language=language
        ),
    }
    with translation.override(language):
        subject = render_to_string("email/invitation_subject.txt", context)
        body = render_to_string("email/invitation_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[email],
        headers={"Content-Language": language},
    )


# --- the invited participant -------------------------------------------------


def _respondent_via(invitation: Invitation, *, actor, token: str | None) -> str:
    """How the invited person proves who they are: the link's token, or their account.

    Anyone else gets PermissionDenied. An invitation whose link is dead takes no answer,
    by either way (Invitation.objects.live: revoked, expired, or its participant withdrawn,
    declined by an organizer or erased).
    """
    if token is not None:
        if not invitation.token_hash or not constant_time_compare(
            hash_token(token), invitation.token_hash
        ):
            raise PermissionDenied
        via = ConsentRecord.Via.LINK
    elif (
        getattr(actor, "is_authenticated", False)
        and invitation.participant.person.user_id == actor.pk
    ):
        via = ConsentRecord.Via.ACCOUNT
    else:
        raise PermissionDenied
    if not Invitation.objects.live().filter(pk=invitation.pk).exists():
        raise ValidationError(_("This invitation has expired or was withdrawn."))
    return via


def invitation_answer(
    *, invitation: Invitation, response: str, actor=None, token: str | None = None
) -> Invitation:
    """Accept or decline; the answer can be changed while the invitation is live.

    The answer moves the participant along (participants.services.pipeline.pipeline_answer):
    accepting confirms them and puts them in the round, declining takes them out of it.
    """
    _respondent_via(invitation, actor=actor, token=token)
    if response not in (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED):
        raise ValidationError({"response": _("Choose to accept or to decline.")})
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=invitation.participant_id).first()
        invitation.response = response
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["response", "responded_at"])
        pipeline.pipeline_answer(invitation=invitation)
    return invitation


def invitation_needs_update(
    *,
    invitation: Invitation,
    dietary_needs: str,
    access_needs: str,
    travel_needs: str,
    actor=None,
    token: str | None = None,
) -> Invitation:
    """Record the participant's dietary, access and travel needs, with the time."""
    _respondent_via(invitation, actor=actor, token=token)
    invitation.dietary_needs = dietary_needs.strip()
    invitation.access_needs = access_needs.strip()
    invitation.travel_needs = travel_needs.strip()
    invitation.needs_updated_at = timezone.now()
    others = [f.name for f in Invitation._meta.fields if f.name not in NEEDS_FIELDS]
    invitation.full_clean(exclude=others, validate_unique=False, validate_constraints=False)
    invitation.save(update_fields=[*NEEDS_FIELDS, "needs_updated_at"])
    return invitation


def consent_record(
    *,
    invitation: Invitation,
    given: bool,
    language: str,
    shown_version: str = "",
    actor=None,
    token: str | None = None,
) -> ConsentRecord:
    """Give or withdraw consent to the dialogue's agreement: always a new record.

    The record names the agreement the participant reads in `language` (their page's):
    its language (the reference language's when theirs has no version), its version and
    the fingerprint of exactly that text. `shown_version` is what their page showed
    ("<language>:<version>"); if the agreement changed since, consent is refused with a
    request to read it again, so nobody agrees to a text they have not seen.

    ConsentRecord is append-only, so a withdrawal never edits the consent it ends.
    Repeating the current state (same answer, same agreement text) adds nothing and
    returns the latest record, so a double submission leaves one line in the history.

    A withdrawal closes the participant's file (pipeline.pipeline_close): state Withdrawn,
    out of the rounds not yet begun, every link dead from now on, the organizers told.
    """
    via = _respondent_via(invitation, actor=actor, token=token)
    dialogue = invitation.round.dialogue
    shown = agreement_shown(dialogue, language=language)
    if given and shown_version and shown_version != f"{shown.language}:{shown.number or ''}":
        raise ValidationError(
            _(
                "The agreement was changed while you were reading it. "
                "Please read it again before you agree."
            )
        )
    digest = shown.digest
    with transaction.atomic():
        # One participant's consents are written one at a time.
        Participant.objects.select_for_update().filter(pk=invitation.participant_id).first()
        latest = (
            ConsentRecord.objects.filter(participant_id=invitation.participant_id)
            .order_by("-created_at", "-id")
            .first()
        )
        if (
            latest is not None
            and latest.given == given
            and (
                not given
                or (latest.agreement_digest, latest.agreement_language)
                == (digest, shown.language or dialogue.reference_language)
            )
        ):
            return latest
        record = ConsentRecord.objects.create(
            participant_id=invitation.participant_id,
            invitation=invitation,
            given=given,
            via=via,
            agreement_digest=digest,
            agreement_language=shown.language or dialogue.reference_language,
            agreement_version=shown.number,
        )
        if not given:
            pipeline.pipeline_close(
                participant=invitation.participant, state=Participant.State.WITHDRAWN
            )
        return record
