"""The setup checklist on a new dialogue's home: what an organizer does first, in order,
each step ticked when its records exist. It counts sides, statements, venues, rounds and
fundings (dialogues), members (the privacy core) and participants (participants), so it
lives above those apps. Every count starts from visible_to(user)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogues.models import ChangeStatement, Funding, Round, Side, Venue
from participants.models import Participant
from trackii.privacy.models import Membership
from trackii.privacy.roles import Role


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


def setup_checklist(*, dialogue, user) -> Checklist:
    """The first things to do in `dialogue`, for its organizers. Seven queries."""
    did = {"dialogue_id": dialogue.pk}
    mine = {"dialogue": dialogue}
    sides = Side.objects.visible_to(user).filter(**mine).count()
    facilitators = Membership.objects.filter(dialogue=dialogue, role=Role.FACILITATOR)
    return Checklist(
        [
            Step(_("Name at least two sides"), sides >= 2, reverse("dialogues:edit", kwargs=did)),
            Step(
                _("Write the theory of change"),
                ChangeStatement.objects.visible_to(user).filter(**mine).exists(),
                reverse("dialogues:theory", kwargs=did),
            ),
            Step(
                _("Add a facilitator to the team"),
                facilitators.exists(),
                reverse("dialogues:member-list", kwargs=did),
            ),
            Step(
                _("Propose participants"),
                Participant.objects.visible_to(user).filter(**mine).exists(),
                reverse("participants:list", kwargs=did),
            ),
            Step(
                _("Find a venue"),
                Venue.objects.visible_to(user).filter(**mine).exists(),
                reverse("dialogues:venue-list", kwargs=did),
            ),
            Step(
                _("Plan the first round"),
                Round.objects.visible_to(user).filter(**mine).exists(),
                reverse("dialogues:round-list", kwargs=did),
            ),
            Step(
                _("Record its funding"),
                Funding.objects.visible_to(user).filter(**mine).exists(),
                reverse("dialogues:funding-list", kwargs=did),
            ),
        ]
    )
