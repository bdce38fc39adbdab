"""Acting on several participants at once from the list: invite them to a round, move them
to a state, or add them to a round. Each participant goes through the very service that acts
on one (invitation_create, participant_change_state, round_participation_set), so every rule
of the one-at-a-time path holds; those a rule refuses are reported, the others are done.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from participants.models import Participant, RoundParticipation
from participants.services import invitations, participants


class BulkAction(TextChoices):
    INVITE = "invite", _("Invite them to a round (each gets an e-mail)")
    STATE = "state", _("Move them to a state")
    ROUND = "round", _("Add them to a round")


@dataclass
class BulkResult:
    done: list[Participant] = field(default_factory=list)
    unchanged: list[Participant] = field(default_factory=list)
    refused: list[tuple[Participant, str]] = field(default_factory=list)


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def participants_bulk(
    *, actor, action: str, chosen, round=None, state: str = "", unvetted_reason: str = ""
) -> BulkResult:
    """Apply `action` to each participant in `chosen` (already read through visible_to by
    the caller). Each is its own transaction, as when done one at a time."""
    result = BulkResult()
    in_round = set()
    if action == BulkAction.ROUND:
        in_round = set(
            RoundParticipation.objects.filter(round=round, participant__in=chosen).values_list(
                "participant_id", flat=True
            )
        )
    for participant in chosen:
        try:
            if action == BulkAction.INVITE:
                invitations.invitation_create(
                    actor=actor,
                    round=round,
                    participant=participant,
                    unvetted_reason=unvetted_reason,
                )
            elif action == BulkAction.STATE:
                if participant.state == state:
                    result.unchanged.append(participant)
                    continue
                participants.participant_change_state(
                    actor=actor, participant=participant, state=state
                )
            elif action == BulkAction.ROUND:
                if participant.pk in in_round:
                    result.unchanged.append(participant)
                    continue
                participants.round_participation_set(
                    actor=actor, round=round, entries={participant: (True, None)}
                )
            else:
                raise ValueError(action)
        except ValidationError as error:
            result.refused.append((participant, _message(error)))
        else:
            result.done.append(participant)
    return result
