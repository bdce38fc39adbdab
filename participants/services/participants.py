"""Writes of the participants area: people and participants, their pipeline state,
vetting notes and their grants, round participation and attendance, and the export.

Every function takes the acting user first and checks the permission it needs
itself, so no caller (view, command, task) can skip the check.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants import selectors
from participants.models import (
    Invitation,
    Participant,
    Person,
    RoundParticipation,
    VettingNote,
)
from participants.services import pipeline
from trackii.privacy import services as privacy
from trackii.privacy.access import require_role
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership
from trackii.privacy.roles import TEAM_ROLES, Role

ORGANIZERS = frozenset({Role.ORGANIZER})

#: The fields of a Person an organizer types in (its account link is set elsewhere).
PERSON_FIELDS = (
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
    "is_protected",
)
RATIONALE_FIELDS = (
    "rationale_influence",
    "rationale_access",
    "rationale_openness",
    "rationale_credibility",
)
#: A participant record is seen by the dialogue or by its team; restricted participants
#: would vanish from the organizers' own pipeline, so they are not offered here.
PARTICIPANT_LEVELS = (Level.DIALOGUE, Level.TEAM)
VETTING_LEVELS = (Level.TEAM, Level.RESTRICTED)

S = Participant.State
#: The participant pipeline. Forward one step at a time (proposed → vetted → invited →
#: confirmed); a person may decline once sounded out or invited, and withdraw (or be
#: withdrawn) at any point before the end; a closed file can be reopened as proposed.
STATE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.VETTED, S.WITHDRAWN}),
    S.VETTED: frozenset({S.INVITED, S.DECLINED, S.WITHDRAWN}),
    S.INVITED: frozenset({S.CONFIRMED, S.DECLINED, S.WITHDRAWN}),
    S.CONFIRMED: frozenset({S.WITHDRAWN}),
    S.DECLINED: frozenset({S.PROPOSED}),
    S.WITHDRAWN: frozenset({S.PROPOSED}),
}


def allowed_states(state: str) -> list[str]:
    """The states a participant in `state` may move to, in the pipeline's order."""
    targets = STATE_TRANSITIONS.get(state, frozenset())
    return [value for value in S.values if value in targets]


def _check_level(level: str, allowed, field: str, message: str) -> None:
    if level not in allowed:
        raise ValidationError({field: message})


def _check_side(side, dialogue) -> None:
    if side is None or side.dialogue_id != dialogue.pk:
        raise ValidationError({"side": _("Choose one of this dialogue's sides.")})


def participant_create(
    *,
    actor,
    dialogue,
    side,
    level: str = Level.TEAM,
    state: str = S.PROPOSED,
    person: Person | None = None,
    person_data: Mapping[str, Any] | None = None,
    rationale_influence: str = "",
    rationale_access: str = "",
    rationale_openness: str = "",
    rationale_credibility: str = "",
) -> Participant:
    """Add a person to the dialogue on one side. Organizers only.

    Either `person` (someone already in another dialogue the actor organizes, see
    selectors.reusable_persons) or `person_data` (the fields of a new Person).
    The actor is recorded as proposer and author.
    """
    require_role(actor, dialogue, ORGANIZERS)
    _check_side(side, dialogue)
    _check_level(
        level, PARTICIPANT_LEVELS, "level", _("Choose dialogue or team for a participant.")
    )
    if state not in S.values:
        raise ValidationError({"state": _("Choose one of the listed states.")})
    with transaction.atomic():
        if person is not None:
            reusable = selectors.reusable_persons(actor=actor, dialogue=dialogue)
            if not reusable.filter(pk=person.pk).exists():
                raise ValidationError(
                    {"existing_person": _("Choose someone from the list, or type a new person.")}
                )
        else:
            data = person_data or {}
            person = Person(**{name: data[name] for name in PERSON_FIELDS if name in data})
            person.full_clean()
            person.save()
        participant = Participant(
            dialogue=dialogue,
            person=person,
            side=side,
            level=level,
            state=state,
            author=actor,
            proposed_by=actor,
            rationale_influence=rationale_influence,
            rationale_access=rationale_access,
            rationale_openness=rationale_openness,
            rationale_credibility=rationale_credibility,
        )
        participant.full_clean()
        participant.save()
    return participant


def participant_update(
    *,
    actor,
    participant: Participant,
    side,
    level: str,
    person_data: Mapping[str, Any],
    rationale_influence: str = "",
    rationale_access: str = "",
    rationale_openness: str = "",
    rationale_credibility: str = "",
) -> Participant:
    """Change a participant and their person's details. Organizers only.

    The Person is kept once: a change of name or contact shows in every dialogue
    they take part in. The pipeline state changes through participant_change_state.
    """
    require_role(actor, participant.dialogue, ORGANIZERS)
    if participant.person.erased_at is not None:
        # Erasure is final: typing a name again would attach a new identity to the
        # contributions that were left unattributed (participants/services/rights.py).
        raise ValidationError(_("This person was erased. Add a new participant instead."))
    _check_side(side, participant.dialogue)
    _check_level(
        level, PARTICIPANT_LEVELS, "level", _("Choose dialogue or team for a participant.")
    )
    person = participant.person
    for name in PERSON_FIELDS:
        if name in person_data:
            setattr(person, name, person_data[name])
    participant.side = side
    participant.level = level
    participant.rationale_influence = rationale_influence
    participant.rationale_access = rationale_access
    participant.rationale_openness = rationale_openness
    participant.rationale_credibility = rationale_credibility
    with transaction.atomic():
        person.full_clean()
        person.save()
        participant.full_clean()
        participant.save()
    return participant


def participant_change_state(*, actor, participant: Participant, state: str) -> Participant:
    """Move a participant along the pipeline (STATE_TRANSITIONS). Organizers only.

    A move the pipeline does not allow raises a ValidationError saying where the
    participant may go from here. Moving to Withdrawn or Declined closes the file
    (pipeline.pipeline_close): their links die, and a withdrawal also takes them out of
    the rounds not yet begun and tells the organizers.
    """
    require_role(actor, participant.dialogue, ORGANIZERS)
    if state not in S.values:
        raise ValidationError(_("Choose one of the listed states."))
    with transaction.atomic():
        current = (
            Participant.objects.select_for_update()
            .values_list("state", flat=True)
            .get(pk=participant.pk)
        )
        if state not in STATE_TRANSITIONS[current]:
            allowed = ", ".join(str(S(value).label) for value in allowed_states(current))
            raise ValidationError(
                _(
                    "A participant cannot go from %(current)s to %(new)s. "
                    "From %(current)s they can go to: %(allowed)s."
                )
                % {"current": S(current).label, "new": S(state).label, "allowed": allowed}
            )
        if state in (S.WITHDRAWN, S.DECLINED):
            pipeline.pipeline_close(participant=participant, state=state)
        else:
            participant.state = state
            participant.save(update_fields=["state", "updated_at"])
    return participant


def vetting_note_create(*, actor, participant: Participant, text: str, level: str) -> VettingNote:
    """Record what the team learned while vetting a participant. Organizers and facilitators
    who may read the participant; `team` or `restricted` (its author and grantees only)."""
    require_role(actor, participant.dialogue, TEAM_ROLES)
    if not Participant.objects.visible_to(actor).filter(pk=participant.pk).exists():
        raise PermissionDenied
    _check_level(level, VETTING_LEVELS, "level", _("Vetting notes are team or restricted."))
    note = VettingNote(
        dialogue=participant.dialogue, participant=participant, text=text, level=level, author=actor
    )
    note.full_clean()
    with transaction.atomic():
        note.save()
    return note


def vetting_note_grant(*, actor, note: VettingNote, user, ip: str | None = None) -> None:
    """Let a team member read a restricted vetting note (audited by restricted_grant).

    Narrower than other restricted items: only organizers and facilitators may be
    granted one, since participants and observers never read vetting notes.
    """
    if not Membership.objects.filter(
        dialogue_id=note.dialogue_id, user=user, role__in=list(TEAM_ROLES)
    ).exists():
        raise ValidationError(
            _("Vetting notes can be granted only to organizers and facilitators of this dialogue.")
        )
    privacy.restricted_grant(actor=actor, obj=note, user=user, ip=ip)


def vetting_note_revoke(*, actor, note: VettingNote, user, ip: str | None = None) -> None:
    privacy.restricted_revoke(actor=actor, obj=note, user=user, ip=ip)


def round_participation_set(
    *, actor, round, entries: Mapping[Participant, tuple[bool, bool | None]]
) -> dict[str, int]:
    """Put participants in or out of a round and record whether they attended. Organizers only.

    `entries` maps each participant shown to the organizer to (in the round?,
    attended: True, False or None for unknown). Participants not in `entries` are
    left as they are, so people the organizer cannot see are never touched.
    Returns how many were added, removed and updated.

    Taking a participant out of the round revokes their invitations to it: a private link
    dies when its reason does (DESIGN.md), and answers like a wrong one from then on.
    """
    require_role(actor, round.dialogue, ORGANIZERS)
    visible = set(
        selectors.visible_participants(user=actor, dialogue=round.dialogue).values_list(
            "pk", flat=True
        )
    )
    if any(p.pk not in visible for p in entries):
        raise ValidationError(
            _("A participant of another dialogue cannot take part in this round.")
        )
    for participant, (included, attended) in entries.items():
        if not included and attended is not None:
            raise ValidationError(
                _("Tick “in this round” for %(name)s before recording attendance.")
                % {"name": participant.shown_name(Role.ORGANIZER)}
            )
    existing = {
        rp.participant_id: rp
        for rp in RoundParticipation.objects.filter(
            round=round, participant_id__in=[p.pk for p in entries]
        )
    }
    added, removed, updated = [], [], []
    for participant, (included, attended) in entries.items():
        current = existing.get(participant.pk)
        if included and current is None:
            added.append(
                RoundParticipation(round=round, participant=participant, attended=attended)
            )
        elif included and current.attended != attended:
            current.attended = attended
            updated.append(current)
        elif not included and current is not None:
            removed.append(current)
    with transaction.atomic():
        RoundParticipation.objects.bulk_create(added)
        RoundParticipation.objects.bulk_update(updated, ["attended"])
        RoundParticipation.objects.filter(pk__in=[rp.pk for rp in removed]).delete()
        Invitation.objects.filter(
            round=round,
            participant_id__in=[rp.participant_id for rp in removed],
            revoked_at__isnull=True,
        ).update(revoked_at=timezone.now())
    return {"added": len(added), "removed": len(removed), "updated": len(updated)}
