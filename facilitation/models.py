from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import ConfidentialModel, DialogueScopedQuerySet


class SessionQuerySet(DialogueScopedQuerySet):
    """Sessions are read by everyone who reads content of the dialogue (not funders)."""

    dialogue_path = "round__dialogue"

    def overlapping(self, *, users, starts_at, ends_at):
        """Sessions of any of `users` that overlap [starts_at, ends_at)."""
        return self.filter(
            facilitators__in=users, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).distinct()


class Session(models.Model):
    """One block of a round (a morning, a working group) with its own facilitators."""

    class Format(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        WORKING_GROUP = "working_group", _("Working group")
        INFORMAL = "informal", _("Informal")

    round = models.ForeignKey("dialogues.Round", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=160)
    agenda_item = models.TextField(_("agenda item"), blank=True, max_length=2_000)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.PLENARY)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if self.round_id and self.starts_at and self.ends_at:
            tz = self.round.time_zone
            first = self.starts_at.astimezone(tz).date()
            last = self.ends_at.astimezone(tz).date()
            if first < self.round.starts_on or last > self.round.ends_on:
                raise ValidationError(
                    _("The session must fall within the round's days (%(first)s to %(last)s).")
                    % {"first": self.round.starts_on, "last": self.round.ends_on}
                )


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
