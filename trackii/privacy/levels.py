"""Confidentiality levels carried by every piece of confidential content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    REPORTABLE = (
        "reportable",
        _("Reportable: everyone in the dialogue; may feed anonymized reports"),
    )
    DIALOGUE = "dialogue", _("Dialogue: organizers, facilitators, participants and observers")
    TEAM = "team", _("Team: organizers and facilitators")
    RESTRICTED = "restricted", _("Restricted: its author and the members granted it")


#: The short names, for badges and filters.
LEVEL_LABELS = {
    Level.REPORTABLE: _("reportable"),
    Level.DIALOGUE: _("dialogue"),
    Level.TEAM: _("team"),
    Level.RESTRICTED: _("restricted"),
}
