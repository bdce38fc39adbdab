from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import Membership
from trackii.privacy.roles import CONTENT_ROLES


class DialogueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dialogues in which `user` holds any role (funders included: they know the code name).

        A user with no membership gets nothing: the dialogue does not exist for them.
        """
        return self.filter(id__in=Membership.objects.for_user(user).values("dialogue_id"))


class Dialogue(models.Model):
    """One Track II initiative, over many rounds.

    The code name is what trackii shows everywhere; the real title and the
    description of the conflict are for the team (organizers, facilitators).
    """

    class Status(models.TextChoices):
        EXPLORING = "exploring", _("Exploring")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class Track(models.TextChoices):
        TRACK_2 = "track2", _("Track 2")
        TRACK_15 = "track1.5", _("Track 1.5")

    code_name = models.CharField(_("code name"), max_length=80, unique=True)
    title = models.CharField(_("real title (team only)"), max_length=200, blank=True)
    description = models.TextField(_("conflict and context (team only)"), blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXPLORING)
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.TRACK_2)
    k_threshold = models.PositiveSmallIntegerField(
        _("smallest count shown in funder reports"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        ordering = ["code_name"]

    def __str__(self):
        return self.code_name


class Side(models.Model):
    """A party or community of the conflict; or the third party (conveners, experts)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="sides")
    name = models.CharField(max_length=80)
    is_third_party = models.BooleanField(default=False)

    class Meta:
        ordering = ["is_third_party", "name"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "name"], name="unique_side_name"),
        ]

    def __str__(self):
        return self.name


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of dialogues where `user` reads content (not funders, not outsiders)."""
        return self.filter(dialogue_id__in=Membership.objects.dialogue_ids(user, CONTENT_ROLES))


class Round(models.Model):
    """One meeting of the dialogue, over one or more days. (Planning fills in venue etc.)"""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title
