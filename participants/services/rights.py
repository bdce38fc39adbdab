"""The rights of the people trackii holds data about: export everything about a person, and
the identity destruction both erasure and retention use.

Identity destruction is used by person_erase and by the retention purge, which reach into
facilitation too and so live above both apps (trackii/workflows/erasure.py and
retention.py). What "destroyed" means here: every identity and
contact field is overwritten in the row (encrypted fields included: the ciphertext is
replaced, not hidden behind a flag), the link to a user account goes, and
`erased_at` is set so every page shows "Erased person". The row itself stays, so what
the person contributed (attendance, their side's counts) stays, unattributed.

On PostgreSQL the overwritten values linger in dead row versions until VACUUM reclaims
them and in backups until those expire (docs/threat-model.md, "Not yet").
"""

from django.utils import timezone

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
