from django.db import models
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import ConfidentialModel, ConfidentialQuerySet
from trackii.privacy.pseudonyms import pseudonym_for
from trackii.privacy.roles import sees_protected_identity


class Person(models.Model):
    """A real person, kept once, who may take part in several dialogues.

    Identity and contact fields are the most sensitive data in trackii. A
    Person is never listed on its own: it is reached through a Participant
    that visible_to() lets the viewer read, and shown through shown_name().
    """

    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_protected = models.BooleanField(
        _("protected"),
        default=False,
        help_text=_("Shown by a pseudonym to everyone but the dialogue's organizers."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        # Deliberately not the name: a stray {{ person }} must not leak a protected identity.
        return f"Person #{self.pk}"


class ParticipantQuerySet(ConfidentialQuerySet):
    def with_person(self):
        return self.select_related("person", "side")


class Participant(ConfidentialModel):
    """A person in one dialogue, on one side. Its level says who may see that they take part."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        VETTED = "vetted", _("Vetted")
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    side = models.ForeignKey(
        "dialogues.Side", on_delete=models.PROTECT, related_name="participants"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["side__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "person"], name="one_participation_per_dialogue"
            ),
        ]

    def __str__(self):
        return f"Participant #{self.pk}"

    @property
    def pseudonym(self) -> str:
        return pseudonym_for("participant", self.pk)

    def shown_name(self, role: str | None) -> str:
        """The name this viewer may see: the pseudonym unless they are an organizer."""
        if self.person.is_protected and not sees_protected_identity(role):
            return self.pseudonym
        return self.person.name

    def shown_affiliation(self, role: str | None) -> str:
        if self.person.is_protected and not sees_protected_identity(role):
            return ""
        return self.person.affiliation
