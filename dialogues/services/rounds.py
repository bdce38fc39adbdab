"""Rounds: who reads which rounds (selectors) and the organizers' writes.

Reading rules (the issue "Planning for organizers", "Rounds and sessions"), enforced
by Round.objects.visible_to:
- organizers and facilitators (the team): every round, with its venue;
- observers: every round (read-only view of the schedule);
- participants: only the rounds they take part in (a RoundParticipation of a
  Participant whose Person is their account);
- funders, non-members, anonymous visitors: none.
Everyone outside the team sees a round's dates and city; the venue's name only
once an organizer shared it (Round.venue_shared). Ratings, costs and notes of
venues stay with the team.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import ngettext

from dialogues.models import Round
from trackii.privacy.access import require_organizer

ROUND_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "venue",
    "venue_shared",
    "methodology",
    "objectives",
)


def rounds_visible_to(user):
    """Round.objects.visible_to(user), with the venue joined for the pages that show it."""
    return Round.objects.visible_to(user).select_related("venue")


def rounds_for_list(user, dialogue):
    """The round list: visible rounds of `dialogue`, with their session counts."""
    return (
        rounds_visible_to(user)
        .filter(dialogue=dialogue)
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("starts_on", "id")  # Meta.ordering does not apply to GROUP BY queries
    )


@dataclass(frozen=True)
class ShownVenue:
    """What one viewer may see of a round's venue."""

    name: str  # empty unless the viewer may see the venue itself
    city: str
    time_zone: str
    venue_id: int | None  # the venue's page, for the team only


def shown_venue(round_: Round, *, is_team: bool) -> ShownVenue | None:
    """The team sees the venue; others its city, and its name once it is shared."""
    venue = round_.venue
    if venue is None:
        return None
    named = is_team or round_.venue_shared
    return ShownVenue(
        name=venue.name if named else "",
        city=venue.city,
        time_zone=venue.time_zone,
        venue_id=venue.pk if is_team else None,
    )


def with_shown_venue(rounds, *, is_team: bool) -> list[dict]:
    """Rows for templates: each round with the venue this viewer may see."""
    return [{"round": r, "venue": shown_venue(r, is_team=is_team)} for r in rounds]


# ---------------------------------------------------------------- writes


def _check_sessions_still_fit(round_: Round) -> None:
    """A round's new days or venue (its time zone) must keep its sessions inside it."""
    if round_.pk is None:
        return
    tz = round_.time_zone
    outside = [
        s
        for s in round_.sessions.only("starts_at", "ends_at")
        if s.starts_at.astimezone(tz).date() < round_.starts_on
        or s.ends_at.astimezone(tz).date() > round_.ends_on
    ]
    if outside:
        raise ValidationError(
            ngettext(
                "%(n)d session would fall outside the round's days. "
                "Move it first, or choose other days.",
                "%(n)d sessions would fall outside the round's days. "
                "Move them first, or choose other days.",
                len(outside),
            )
            % {"n": len(outside)}
        )


def round_create(*, actor, dialogue, data: dict) -> Round:
    """Plan a round of `dialogue`. Organizers only; the venue must be one of its venues."""
    require_organizer(actor, dialogue)
    round_ = Round(dialogue=dialogue, **{k: v for k, v in data.items() if k in ROUND_FIELDS})
    round_.full_clean()
    with transaction.atomic():
        round_.save()
    return round_


def round_update(*, actor, round_: Round, data: dict) -> Round:
    """Change a round's days, venue, methodology or objectives. Organizers only.

    Refused when existing sessions would fall outside the new days (in the new
    venue's time zone).
    """
    require_organizer(actor, round_.dialogue)
    for name, value in data.items():
        if name in ROUND_FIELDS:
            setattr(round_, name, value)
    round_.full_clean()
    with transaction.atomic():
        _check_sessions_still_fit(round_)
        round_.save()
    return round_


def round_days(round_: Round) -> int:
    return (round_.ends_on - round_.starts_on).days + 1
