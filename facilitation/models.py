from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import ConfidentialModel, Membership
from trackii.privacy.roles import CONTENT_ROLES


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions of dialogues where `user` reads content (not funders, not outsiders)."""
        return self.filter(
            round__dialogue_id__in=Membership.objects.dialogue_ids(user, CONTENT_ROLES)
        )


class Session(models.Model):
    """One block of a round, with its own facilitators. (Planning adds agenda and format.)"""

    round = models.ForeignKey("dialogues.Round", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=160)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self):
        return self.title


class Note(ConfidentialModel):
    """What a facilitator logs in a session. Unattributed by default (Chatham House rule).

    The speaker, if recorded at all, and the author are attribution: shown to
    organizers and facilitators only, whatever the note's level.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=10_000)
    speaker_side = models.ForeignKey(
        "dialogues.Side", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    speaker = models.CharField(_("speaker (team only)"), max_length=120, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["dialogue", "level"])]

    def __str__(self):
        return f"Note #{self.pk}"

    def clean(self):
        if (
            self.session_id
            and self.dialogue_id
            and self.session.round.dialogue_id != self.dialogue_id
        ):
            raise ValidationError(_("The session belongs to another dialogue."))
