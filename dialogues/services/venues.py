"""Venues: writes (organizers only). Comparing candidate venues for a round counts
participants, so it lives above both apps (trackii/workflows/venues.py).

Venues are `team` records (Venue.objects.visible_to: organizers and facilitators).
Where a dialogue meets reaches participants only through a round whose organizer
shared its venue (see dialogues.services.rounds).
"""

from django.db import transaction

from dialogues.models import Venue, VenueSideAccess
from trackii.privacy.access import require_organizer

#: The fields of a venue an organizer edits (everything but its dialogue).
VENUE_FIELDS = (
    "name",
    "country",
    "city",
    "kind",
    "time_zone",
    "capacity",
    "cost_per_day",
    "currency",
    "neutrality",
    "discretion",
    "security",
    "accessibility",
    "notes",
)
SIDE_ACCESS_FIELDS = ("visa_needed", "travel_hours", "notes")


def _save_side_access(venue: Venue, side_access: dict) -> None:
    """One VenueSideAccess row per side given; sides of another dialogue are refused by clean()."""
    existing = {a.side_id: a for a in venue.side_access.all()}
    for side, values in side_access.items():
        access = existing.get(side.pk) or VenueSideAccess(venue=venue, side=side)
        for name in SIDE_ACCESS_FIELDS:
            setattr(access, name, values.get(name, getattr(access, name)))
        access.full_clean()
        access.save()


def venue_create(*, actor, dialogue, data: dict, side_access: dict | None = None) -> Venue:
    """Add a candidate venue to `dialogue`, with how each side reaches it. Organizers only.

    `data` holds VENUE_FIELDS; `side_access` maps a Side of this dialogue to its
    visa_needed / travel_hours / notes.
    """
    require_organizer(actor, dialogue)
    venue = Venue(dialogue=dialogue, **{k: v for k, v in data.items() if k in VENUE_FIELDS})
    venue.full_clean()
    with transaction.atomic():
        venue.save()
        _save_side_access(venue, side_access or {})
    return venue


def venue_update(*, actor, venue: Venue, data: dict, side_access: dict | None = None) -> Venue:
    """Change a venue and how each side reaches it. Organizers only."""
    require_organizer(actor, venue.dialogue)
    for name, value in data.items():
        if name in VENUE_FIELDS:
            setattr(venue, name, value)
    venue.full_clean()
    with transaction.atomic():
        venue.save()
        _save_side_access(venue, side_access or {})
    return venue
