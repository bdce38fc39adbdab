"""Erasing a person, at an organizer's request: their identity, and what names them in
participants' records and in facilitation's (notes' speakers, options' proposers). It spans
both apps, so it lives above them."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from guardian.models import UserObjectPermission

from facilitation.models import Note, Option
from participants.models import Invitation, Participant, Person, VettingNote
from participants.services.rights import persons_identity_destroy
from trackii.privacy.access import require_role
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role
from trackii.privacy.unscoped import Reason, unscoped
from trackii.workflows.models import Export


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed, counted (for the audit event and the message)."""

    vetting_notes: int = 0
    pending_invitations: int = 0
    needs_cleared: int = 0
    attributions_cleared: int = 0

    def as_detail(self) -> dict[str, int]:
        return {
            "vetting_notes": self.vetting_notes,
            "pending_invitations": self.pending_invitations,
            "needs_cleared": self.needs_cleared,
            "attributions_cleared": self.attributions_cleared,
        }


def _attributions_clear(person: Person, participation_dialogues: list[int]) -> int:
    """Blank a note's speaker or an option's proposer where it names this person.

    Those are free text, encrypted: they are decrypted within the person's dialogues
    and compared in Python (exact name, any case), as search does.
    """
    name = person.name.strip().casefold()
    if not name:
        return 0
    cleared = 0
    for model, field in ((Note, "speaker"), (Option, "proposed_by")):
        rows = (
            unscoped(model, reason=Reason.ERASURE)
            .filter(dialogue_id__in=participation_dialogues)
            .only(field)
        )
        ids = [r.pk for r in rows if getattr(r, field).strip().casefold() == name]
        cleared += unscoped(model, reason=Reason.ERASURE).filter(pk__in=ids).update(**{field: ""})
    return cleared


def person_erase(*, actor, participant: Participant, ip: str | None = None) -> Erasure:
    """Erase `participant`'s person, at an organizer's request. Final; audited.

    - identity and contact fields destroyed, account unlinked (persons_identity_destroy);
    - everywhere the person takes part: vetting notes deleted (with their grants),
      invitations not yet answered deleted, the needs stated in answered ones cleared,
      the selection rationale cleared, and notes' speakers or options' proposers that
      name them blanked; the team's exports of those dialogues deleted (a file built
      earlier may hold the name, and cannot be edited);
    - kept, unattributed: the participation rows (side, state), round attendance,
      answered invitations (accepted or declined), and the consent records, which hold
      no identity (given or withdrawn, how, when, and a digest of the agreement text):
      the consent history stays as counts per participation, append-only as ever.

    The person is erased in every dialogue, including any the actor does not organize:
    the right belongs to the person, and the confirmation page says so without saying
    whether such dialogues exist. The audit event names ids and counts only.
    """
    require_role(actor, participant.dialogue, {Role.ORGANIZER})
    person = participant.person
    if person.erased_at is not None:
        return Erasure()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        participation_ids = list(person.participations.values_list("pk", flat=True))
        dialogue_ids = list(person.participations.values_list("dialogue_id", flat=True))
        notes = VettingNote.objects.filter(participant_id__in=participation_ids)
        note_ids = [str(pk) for pk in notes.values_list("pk", flat=True)]
        UserObjectPermission.objects.filter(
            content_type=ContentType.objects.get_for_model(VettingNote), object_pk__in=note_ids
        ).delete()
        vetting, _per_model = notes.delete()
        invitations = Invitation.objects.filter(participant_id__in=participation_ids)
        pending, _per_model = invitations.filter(response=Invitation.Response.PENDING).delete()
        needs = _with_any(invitations, "dietary_needs", "access_needs", "travel_needs").update(
            dietary_needs="", access_needs="", travel_needs="", token_hash=None
        )
        unscoped(Participant, reason=Reason.ERASURE).filter(pk__in=participation_ids).update(
            rationale_influence="",
            rationale_access="",
            rationale_openness="",
            rationale_credibility="",
        )
        attributions = _attributions_clear(person, dialogue_ids)
        unscoped(Export, reason=Reason.ERASURE).filter(dialogue_id__in=dialogue_ids).delete()
        persons_identity_destroy(person_ids=[person.pk])
        result = Erasure(
            vetting_notes=vetting,
            pending_invitations=pending,
            needs_cleared=needs,
            attributions_cleared=attributions,
        )
        audit_record(
            action=AuditEvent.Action.PERSON_ERASED,
            actor=actor,
            dialogue=participant.dialogue,
            obj=person,
            ip=ip,
            detail={"participant_id": participant.pk, **result.as_detail()},
        )
    return result


def _with_any(queryset, *names):
    """Rows where any of these encrypted columns is not empty (empty is stored as '')."""
    lengths = {f"_len_{n}": Length(n) for n in names}
    condition = Q()
    for key in lengths:
        condition |= Q(**{f"{key}__gt": 0})
    return queryset.filter(pk__in=queryset.annotate(**lengths).filter(condition).values("pk"))
