"""Candidate venues side by side for a round: venues (dialogues) against the confirmed
participants of each side (participants), so it lives above both apps.

Venues are `team` records (Venue.objects.visible_to: organizers and facilitators).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, prefetch_related_objects

from dialogues.models import Round, Side, Venue
from participants.models import Participant, RoundParticipation


@dataclass
class SideColumn:
    """How people of one side reach one venue."""

    side: Side
    visa_needed: bool | None  # None: not recorded yet
    travel_hours: Decimal | None
    notes: str
    confirmed: int  # confirmed participants of this side
    needing_visa: int  # of them, how many would need a visa to reach this venue


@dataclass
class VenueColumn:
    venue: Venue
    days: int | None
    total_cost: Decimal | None  # cost per day × days of the round
    fits: bool | None  # capacity ≥ the round's participants
    shortfall: int
    sides: list[SideColumn] = field(default_factory=list)


@dataclass
class Comparison:
    round: Round | None
    days: int | None
    round_participants: int | None
    sides: list[Side]
    columns: list[VenueColumn]

    @property
    def by_side(self) -> list[tuple[Side, list[SideColumn]]]:
        """Each side with its cells across the venues, in column order (for row-wise tables)."""
        return [(side, [c.sides[i] for c in self.columns]) for i, side in enumerate(self.sides)]


def confirmed_by_side(user, dialogue) -> dict[int, int]:
    """Confirmed participants per side id, in one aggregate query.

    Counted inside Participant.objects.visible_to(user): like every read of
    participant records, the count starts from the chokepoint (a restricted
    record the viewer may not read is not counted).
    """
    rows = (
        Participant.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .values("side_id")
        .annotate(n=Count("id", filter=Q(state=Participant.State.CONFIRMED)))
    )
    return {row["side_id"]: row["n"] for row in rows}


def round_participant_count(user, round_: Round) -> int:
    return RoundParticipation.objects.visible_to(user).filter(round=round_).count()


def venue_comparison(*, user, dialogue, venues, round_: Round | None = None) -> Comparison:
    """Candidate venues side by side for one round (or in general without one).

    For each venue: cost per day × the round's days, capacity against the round's
    participants, and per side whether a visa is needed, the travel time, and how
    many of that side's confirmed participants would need one. A fixed number of
    queries whatever the number of venues or sides. The caller passes venues it
    fetched through Venue.objects.visible_to(user); the result is for the team.
    """
    venues = list(venues)  # a page of venues sorted by name in Python, or a queryset
    prefetch_related_objects(venues, "side_access")
    sides = list(Side.objects.visible_to(user).filter(dialogue=dialogue))
    confirmed = confirmed_by_side(user, dialogue)
    days = participants = None
    if round_ is not None:
        days = (round_.ends_on - round_.starts_on).days + 1
        participants = round_participant_count(user, round_)
    columns = []
    for venue in venues:
        access = {a.side_id: a for a in venue.side_access.all()}
        column = VenueColumn(
            venue=venue,
            days=days,
            total_cost=venue.cost_per_day * days if days else None,
            fits=venue.capacity >= participants if participants is not None else None,
            shortfall=max(0, (participants or 0) - venue.capacity),
        )
        for side in sides:
            a = access.get(side.pk)
            n = confirmed.get(side.pk, 0)
            column.sides.append(
                SideColumn(
                    side=side,
                    visa_needed=a.visa_needed if a else None,
                    travel_hours=a.travel_hours if a else None,
                    notes=a.notes if a else "",
                    confirmed=n,
                    needing_visa=n if a and a.visa_needed else 0,
                )
            )
        columns.append(column)
    return Comparison(
        round=round_, days=days, round_participants=participants, sides=sides, columns=columns
    )
