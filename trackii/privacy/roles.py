"""Roles a user holds in one dialogue, and what each role may read."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTICIPANT = "participant", _("Participant")
    FUNDER = "funder", _("Funder")
    OBSERVER = "observer", _("Observer")


#: Organizers and facilitators: the dialogue's team. They read `team` content and attribution.
TEAM_ROLES = frozenset({Role.ORGANIZER, Role.FACILITATOR})

#: Everyone who reads raw content of the dialogue. Funders are not here: they
#: read published reports only (DESIGN.md, "Rules that hold everywhere").
CONTENT_ROLES = frozenset({Role.ORGANIZER, Role.FACILITATOR, Role.PARTICIPANT, Role.OBSERVER})

#: Who may export what they read (trackii/workflows/exports.py): the team, and observers.
#: Participants read the dialogue's pages but take no files away; funders read reports only.
EXPORT_ROLES = frozenset({Role.ORGANIZER, Role.FACILITATOR, Role.OBSERVER})


def sees_attribution(role: str | None) -> bool:
    """Who said or proposed something is `team` at the least, whatever the item's level."""
    return role in TEAM_ROLES


def sees_protected_identity(role: str | None) -> bool:
    """A protected participant's real identity is for the dialogue's organizers only."""
    return role == Role.ORGANIZER
