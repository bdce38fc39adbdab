"""The rights of the people trackii holds data about: export everything about a person,
erase a person, and the identity destruction both erasure and retention use.

Identity destruction is used by person_erase (below) and by the retention purge
(dialogues/services/retention.py). What "destroyed" means here: every identity and
contact field is overwritten in the row (encrypted fields included: the ciphertext is
replaced, not hidden behind a flag), the link to a user account goes, and
`erased_at` is set so every page shows "Erased person". The row itself stays, so what
the person contributed (attendance, their side's counts) stays, unattributed.

On PostgreSQL the overwritten values linger in dead row versions until VACUUM reclaims
them and in backups until those expire (docs/threat-model.md, "Not yet").
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from guardian.models import UserObjectPermission

from participants.models import (
    ConsentRecord,
    Invitation,
    Participant,
    Person,
    RoundParticipation,
    VettingNote,
)
from trackii.privacy.access import require_role
from trackii.privacy.audit import audit_record, audit_restricted_reads
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role

#: Every field of a Person that says who they are or how to reach them.
IDENTITY_FIELDS = (
    "name",
    "affiliation",
    "position",
    "position_kind",
    "country",
    "languages",
    "preferred_language",
    "gender",
    "email",
    "phone",
)


def persons_identity_destroy(*, person_ids) -> int:
    """Overwrite the identity and contact fields of these people, unlink their accounts,
    and mark them erased. People already erased are left alone. Returns how many were
    erased now. One UPDATE; the caller holds the transaction and writes the audit event.
    """
    return Person.objects.filter(pk__in=person_ids, erased_at__isnull=True).update(
        **dict.fromkeys(IDENTITY_FIELDS, ""), user=None, erased_at=timezone.now()
    )


# --- Export: everything about one person, for an organizer ---------------------------

#: Said in every export (and docs/threat-model.md): the export covers only the dialogues
#: the requester organizes. Always the same words, so they reveal nothing either way.
OTHER_DIALOGUES_NOTE = (
    "This export covers only the dialogues you organize. The person may also take part in "
    "other dialogues on this trackii; nothing of those is included, not even whether they "
    "exist. A complete answer to the person needs the organizers of those dialogues too."
)


def _when(value):
    return value.isoformat() if value else None


def person_export(*, actor, participant: Participant, ip: str | None = None) -> dict:
    """Everything trackii holds about `participant`'s person in the dialogues `actor`
    organizes, as a JSON-ready dict; audited as PERSON_EXPORTED (ids only).

    Only what `actor` may read comes in (visible_to): a restricted participation or
    vetting note they were not granted stays out, and the export counts the vetting
    notes left out so the organizer knows to ask their authors. Restricted notes that
    are included are audited as read. Invitation tokens are never included (only their
    hash is stored, and not even that is exported).
    """
    require_role(actor, participant.dialogue, {Role.ORGANIZER})
    person = participant.person
    organizing = Membership.objects.dialogue_ids(actor, {Role.ORGANIZER})
    participations = list(
        Participant.objects.visible_to(actor)
        .filter(person=person, dialogue_id__in=organizing)
        .select_related("dialogue", "side")
        .order_by("dialogue__code_name", "pk")
    )
    ids = [p.pk for p in participations]
    rounds = RoundParticipation.objects.filter(participant_id__in=ids).select_related("round")
    consents = ConsentRecord.objects.filter(participant_id__in=ids).order_by("created_at", "pk")
    invitations = Invitation.objects.filter(participant_id__in=ids).select_related("round")
    notes = list(
        VettingNote.objects.visible_to(actor)
        .filter(participant_id__in=ids)
        .order_by("created_at", "pk")
    )
    withheld = VettingNote.objects.filter(participant_id__in=ids).count() - len(notes)
    audit_restricted_reads(actor=actor, items=notes, ip=ip)
    audit_record(
        action=AuditEvent.Action.PERSON_EXPORTED,
        actor=actor,
        dialogue=participant.dialogue,
        obj=person,
        ip=ip,
        detail={"participant_ids": ids},
    )
    return {
        "exported_at": _when(timezone.now()),
        "scope": OTHER_DIALOGUES_NOTE,
        "person": {
            "id": person.pk,
            **{name: getattr(person, name) for name in IDENTITY_FIELDS},
            "is_protected": person.is_protected,
            "has_account": person.user_id is not None,
            "account_email": person.user.email if person.user_id else None,
            "erased_at": _when(person.erased_at),
        },
        "participations": [
            {
                "id": p.pk,
                "dialogue": p.dialogue.code_name,
                "dialogue_id": p.dialogue_id,
                "side": p.side.name,
                "state": p.state,
                "level": p.level,
                "rationale_influence": p.rationale_influence,
                "rationale_access": p.rationale_access,
                "rationale_openness": p.rationale_openness,
                "rationale_credibility": p.rationale_credibility,
                "created_at": _when(p.created_at),
            }
            for p in participations
        ],
        "round_participations": [
            {
                "participation_id": rp.participant_id,
                "round": rp.round.title,
                "starts_on": _when(rp.round.starts_on),
                "ends_on": _when(rp.round.ends_on),
                "attended": rp.attended,
            }
            for rp in rounds
        ],
        "consent_records": [
            {
                "participation_id": c.participant_id,
                "given": c.given,
                "via": c.via,
                "agreement_digest": c.agreement_digest,
                "at": _when(c.created_at),
            }
            for c in consents
        ],
        "invitations": [
            {
                "participation_id": i.participant_id,
                "round": i.round.title,
                "created_at": _when(i.created_at),
                "sent_at": _when(i.sent_at),
                "expires_at": _when(i.expires_at),
                "revoked_at": _when(i.revoked_at),
                "response": i.response,
                "responded_at": _when(i.responded_at),
                "dietary_needs": i.dietary_needs,
                "access_needs": i.access_needs,
                "travel_needs": i.travel_needs,
            }
            for i in invitations
        ],
        "vetting_notes": [
            {
                "participation_id": n.participant_id,
                "level": n.level,
                "text": n.text,
                "created_at": _when(n.created_at),
            }
            for n in notes
        ],
        "vetting_notes_you_may_not_read": withheld,
    }


# --- Erasure -------------------------------------------------------------------------


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
    from facilitation.models import Note, Option  # facilitation uses participants, not back

    cleared = 0
    for model, field in ((Note, "speaker"), (Option, "proposed_by")):
        rows = model._base_manager.filter(dialogue_id__in=participation_dialogues).only(field)
        ids = [r.pk for r in rows if getattr(r, field).strip().casefold() == name]
        cleared += model._base_manager.filter(pk__in=ids).update(**{field: ""})
    return cleared


def person_erase(*, actor, participant: Participant, ip: str | None = None) -> Erasure:
    """Erase `participant`'s person, at an organizer's request. Final; audited.

    - identity and contact fields destroyed, account unlinked (persons_identity_destroy);
    - everywhere the person takes part: vetting notes deleted (with their grants),
      invitations not yet answered deleted, the needs stated in answered ones cleared,
      the selection rationale cleared, and notes' speakers or options' proposers that
      name them blanked;
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
        Participant._base_manager.filter(pk__in=participation_ids).update(
            rationale_influence="",
            rationale_access="",
            rationale_openness="",
            rationale_credibility="",
        )
        attributions = _attributions_clear(person, dialogue_ids)
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
