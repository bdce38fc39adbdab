"""Reads of the participants area: lists, balance counts, round balance, reusable people.

Every function starts from a model's visible_to(user) (or counts rows the caller
has already scoped to what the viewer may read); none filters by role by hand
except where it must hide a protected person's identity fields from everyone but
organizers (DESIGN.md: "A protected participant appears by pseudonym to everyone
but organizers"), which it decides with roles.sees_protected_identity.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dialogues.models import Round, Side
from participants.models import (
    ConsentRecord,
    Participant,
    Person,
    RoundParticipation,
    VettingNote,
)
from trackii.privacy.models import Membership
from trackii.privacy.roles import TEAM_ROLES, Role, sees_protected_identity

#: States of people no longer in the pipeline: left out of the balance by side,
#: gender and kind of position (the counts by state still show them).
INACTIVE_STATES = (Participant.State.DECLINED, Participant.State.WITHDRAWN)


def dialogue_sides(dialogue) -> list[Side]:
    """The dialogue's sides, conflict sides first (Side's ordering). One query."""
    return list(Side.objects.filter(dialogue=dialogue))


def shown_to_role(queryset, *, role: str | None, user=None):
    """Who takes part, as each role may see it (issue 16, "one pipeline").

    - The team (organizers, facilitators) sees the whole pipeline.
    - Everyone else sees confirmed participants only: that someone was proposed, invited,
      declined or withdrew from a confidential dialogue is the team's to know.
    - A participant sees, of those, only the people confirmed for a round they take part
      in themselves (their own Person.user, in a RoundParticipation), so they learn who
      they will meet and nothing of other rounds. Names follow shown_name (pseudonyms for
      protected people) wherever the rows are shown.
    """
    if role in TEAM_ROLES:
        return queryset
    confirmed = queryset.filter(state=Participant.State.CONFIRMED)
    if role != Role.PARTICIPANT:
        return confirmed
    own_rounds = RoundParticipation.objects.filter(
        participant__person__user=user,
        participant__state=Participant.State.CONFIRMED,
    ).values("round_id")
    met = RoundParticipation.objects.filter(round_id__in=own_rounds).values("participant_id")
    return confirmed.filter(pk__in=met)


def visible_participants(*, user, dialogue, role: str | None = None):
    """The dialogue's participants `user` may read, with person and side: the base of every
    list, detail page and export here. With `role`, also shown_to_role."""
    queryset = Participant.objects.visible_to(user).filter(dialogue=dialogue).with_person()
    return queryset if role is None else shown_to_role(queryset, role=role, user=user)


def filter_participants(
    queryset, *, role: str, side=None, state: str = "", position_kind: str = ""
):
    """Narrow an already visible queryset by the list's filters.

    Filtering by kind of position must not reveal a protected person's kind to
    anyone but organizers, so for other roles it matches unprotected people only.
    The state and kind filters are offered to the team only (the form decides);
    here they are applied when given.
    """
    if side is not None:
        queryset = queryset.filter(side=side)
    if state:
        queryset = queryset.filter(state=state)
    if position_kind:
        queryset = queryset.filter(person__position_kind=position_kind)
        if not sees_protected_identity(role):
            queryset = queryset.filter(person__is_protected=False)
    return queryset


@dataclass
class Balance:
    """Counts for the team's balance panel. Each list holds (label, count) pairs."""

    by_side: list = field(default_factory=list)
    by_state: list = field(default_factory=list)
    by_gender: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    gender_recorded: bool = False
    total: int = 0
    active: int = 0


def participant_balance(queryset, *, role: str, sides: list[Side]) -> Balance:
    """Counts of `queryset` (already scoped to what the viewer may read) by side, state,
    gender and kind of position, in one grouped SQL query.

    Side, gender and kind count people still in the pipeline (not declined or
    withdrawn); states count everyone. For viewers who may not see a protected
    person's identity (everyone but organizers), protected people's gender and
    kind are counted together as "protected", never under their real value.
    """
    hide = not sees_protected_identity(role)
    # One GROUP BY query; the few groups are summed here. (Conditional aggregates, one
    # per value, cost more to build in the ORM than the database takes to answer.)
    groups = (
        queryset.order_by()
        .values_list(
            "side_id", "state", "person__gender", "person__position_kind", "person__is_protected"
        )
        .annotate(n=Count("id"))
    )
    counts = Counter()
    for side_id, state, gender, kind, protected, n in groups:
        counts["total"] += n
        counts[f"state_{state}"] += n
        if state in INACTIVE_STATES:
            continue
        counts["active"] += n
        counts[f"side_{side_id}"] += n
        if protected:
            counts["gender_protected"] += n
            if hide:
                continue
        counts[f"gender_{gender or 'none'}"] += n
        counts[f"kind_{kind or 'none'}"] += n

    protected = [(_("Protected (not shown)"), counts["gender_protected"])] if hide else []
    not_recorded = _("Not recorded")
    by_gender = [(label, counts[f"gender_{value}"]) for value, label in Person.Gender.choices] + [
        (not_recorded, counts["gender_none"])
    ]
    by_kind = [(label, counts[f"kind_{value}"]) for value, label in Person.PositionKind.choices] + [
        (not_recorded, counts["kind_none"])
    ]
    return Balance(
        by_side=[(side.name, counts[f"side_{side.pk}"]) for side in sides],
        by_state=[(label, counts[f"state_{value}"]) for value, label in Participant.State.choices],
        by_gender=[row for row in by_gender if row[1]] + [r for r in protected if r[1]],
        by_kind=[row for row in by_kind if row[1]] + [r for r in protected if r[1]],
        gender_recorded=any(counts[f"gender_{value}"] for value in Person.Gender.values),
        total=counts["total"],
        active=counts["active"],
    )


@dataclass
class RoundBalance:
    """Confirmed participants of one round per side, and what looks unbalanced."""

    round: Round
    counts: list = field(default_factory=list)  # (side, count), every side of the dialogue
    warnings: list = field(default_factory=list)


NO_ONE_FROM = gettext_lazy("No confirmed participant from %(side)s.")
LOPSIDED = gettext_lazy(
    "%(large)s has %(n_large)d confirmed participants, more than twice the %(n_small)d of "
    "%(small)s."
)


def _balance_warnings(counts: list[tuple[Side, int]]) -> list[str]:
    """The rule: every side of the conflict (not the third party) has someone confirmed,
    and the largest conflict side has no more than twice the smallest."""
    conflict = [(side, n) for side, n in counts if not side.is_third_party]
    warnings = [str(NO_ONE_FROM % {"side": side.name}) for side, n in conflict if n == 0]
    present = [(side, n) for side, n in conflict if n > 0]
    if len(present) >= 2:
        large = max(present, key=lambda pair: pair[1])
        small = min(present, key=lambda pair: pair[1])
        if large[1] > 2 * small[1]:
            warnings.append(
                str(
                    LOPSIDED
                    % {
                        "large": large[0].name,
                        "n_large": large[1],
                        "small": small[0].name,
                        "n_small": small[1],
                    }
                )
            )
    return warnings


def rounds_balance(rounds, *, sides: list[Side], viewer=None) -> list[RoundBalance]:
    """round_balance for several rounds of one dialogue, in one query whatever their number.

    With `viewer`, only participants that viewer may read are counted, so the
    numbers never reveal a participant the viewer cannot see.
    """
    rounds = list(rounds)
    if not rounds:
        return []
    confirmed = Participant.objects.filter(state=Participant.State.CONFIRMED)
    if viewer is not None:
        confirmed = Participant.objects.visible_to(viewer).filter(state=Participant.State.CONFIRMED)
    rows = (
        RoundParticipation.objects.filter(round__in=rounds, participant__in=confirmed)
        .values("round_id", "participant__side_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_round = defaultdict(dict)
    for row in rows:  # one row per (round, side): bounded by rounds x sides, not by people
        per_round[row["round_id"]][row["participant__side_id"]] = row["n"]
    result = []
    for rnd in rounds:
        counts = [(side, per_round[rnd.pk].get(side.pk, 0)) for side in sides]
        result.append(RoundBalance(round=rnd, counts=counts, warnings=_balance_warnings(counts)))
    return result


def round_balance(round, *, viewer=None) -> RoundBalance:
    """Confirmed participants of `round` per side (RoundParticipation), with a warning when
    a side of the conflict has none or the largest side has more than twice the smallest."""
    return rounds_balance([round], sides=dialogue_sides(round.dialogue_id), viewer=viewer)[0]


def upcoming_rounds(*, user, dialogue):
    """Rounds of the dialogue the user may read that have not ended yet."""
    return Round.objects.visible_to(user).filter(
        dialogue=dialogue, ends_on__gte=timezone.localdate()
    )


def vetting_notes(*, user, participant):
    """The vetting notes of one participant that `user` may read, oldest first."""
    return (
        VettingNote.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("author")
    )


def round_participations(*, user, participant):
    """The rounds one participant takes part in, for the team."""
    return (
        RoundParticipation.objects.visible_to(user)
        .filter(participant=participant)
        .select_related("round")
        .order_by("round__starts_on", "round_id")
    )


def consent_withdrawal(*, user, participant):
    """The participant's withdrawal of consent, for the team: their latest consent record
    if it withdraws consent, else None (an organizer moved them to Withdrawn)."""
    latest = (
        ConsentRecord.objects.visible_to(user)
        .filter(participant=participant)
        .order_by("-created_at", "-id")
        .first()
    )
    return latest if latest is not None and not latest.given else None


def reusable_persons(*, actor, dialogue):
    """People the actor may add to `dialogue` without typing them again.

    Only people already taking part in another dialogue of the same organization where
    the actor is an organizer, through a participation the actor may read: never a
    global search, which would let one dialogue's organizers discover another
    dialogue's people, nor one across organizations (an organizer who also works for
    another organization must not carry its people over). People already in
    `dialogue` are left out.
    """
    organizing = Membership.objects.dialogue_ids(actor, {Role.ORGANIZER})
    readable = (
        Participant.objects.visible_to(actor)
        .filter(dialogue_id__in=organizing, dialogue__organization_id=dialogue.organization_id)
        .exclude(dialogue=dialogue)
        .values("person_id")
    )
    # An erased person has no identity left to reuse (participants/services/rights.py).
    return Person.objects.filter(pk__in=readable, erased_at__isnull=True).exclude(
        participations__dialogue=dialogue
    )


EXPORT_HEADER = (
    "id",
    "name",
    "protected",
    "side",
    "state",
    "level",
    "affiliation",
    "position",
    "kind_of_position",
    "country",
    "languages",
    "gender",
    "email",
    "phone",
    "influence",
    "access_to_decision_makers",
    "openness",
    "credibility_at_home",
)


def participants_export_table(*, user, dialogue, role: str):
    """The dialogue's participants `user` may read, as the header and the rows of an
    export, with the participants read (for the restricted-read audit).

    Names follow the pseudonym rule (organizers see real names); vetting notes are never
    exported. Values are raw: the export's writer makes every cell formula-safe.
    """
    participants = list(visible_participants(user=user, dialogue=dialogue))
    rows = []
    for p in participants:
        person = p.person
        # The pseudonym rule holds in files too: identity only where the role sees it.
        shown = not person.is_protected or sees_protected_identity(role)
        rows.append(
            [
                p.pk,
                p.shown_name(role),
                "yes" if person.is_protected else "no",
                p.side.name,
                p.state,
                p.level,
                p.shown_affiliation(role),
                person.position if shown else "",
                person.position_kind if shown else "",
                person.country if shown else "",
                person.languages if shown else "",
                person.gender if shown else "",
                person.email if shown else "",
                person.phone if shown else "",
                p.rationale_influence,
                p.rationale_access,
                p.rationale_openness,
                p.rationale_credibility,
            ]
        )
    return list(EXPORT_HEADER), rows, participants
