"""Writes of the pages after the round: transfers to officials, outcomes, reflections.

Every write takes the acting user, checks they are on the dialogue's team (organizers and
facilitators), validates with full_clean and writes in one transaction. Reading what may
be edited goes through visible_to in the views (a restricted record: its author and those
granted it).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from facilitation import entries
from facilitation.models import Option, Outcome, Reflection, Transfer
from trackii.privacy.access import require_role
from trackii.privacy.roles import TEAM_ROLES

TRANSFER_FIELDS = (
    "option",
    "insight",
    "transferred_on",
    "channel",
    "recipient_kind",
    "recipient_name",
    "response_kind",
    "response",
    "follow_up_due",
    "statement",
    "level",
)

OUTCOME_FIELDS = (
    "who_kind",
    "who_description",
    "what_changed",
    "observed_on",
    "significance",
    "contribution",
    "evidence",
    "evidence_source",
    "statement",
    "verified",
    "publishable",
    "level",
)

REFLECTION_FIELDS = ("what_shifted", "what_worked", "risks", "change_next")


def _fill(obj, data: dict, names) -> None:
    for name in names:
        if name in data:
            setattr(obj, name, data[name])


def transfer_save(*, actor, dialogue, data: dict, transfer: Transfer | None = None) -> Transfer:
    """Record (or correct) a transfer. A new transfer of an option that may step to
    "transferred" moves it there (reason: the transfer), through the console's lifecycle
    service; if the lifecycle or the actor's rights do not allow it, the transfer is only
    recorded. Returns the transfer; `transfer.option_moved` says whether the option moved."""
    require_role(actor, dialogue, TEAM_ROLES)
    creating = transfer is None
    if creating:
        transfer = Transfer(dialogue=dialogue, author=actor)
    _fill(transfer, data, TRANSFER_FIELDS)
    transfer.full_clean()
    moved = False
    with transaction.atomic():
        transfer.save()
        option = transfer.option
        if (
            creating
            and option is not None
            and option.session_id is not None
            and option.can_move_to(Option.State.TRANSFERRED)
        ):
            try:
                entries.option_transition(
                    actor=actor,
                    option=option,
                    from_state=option.state,
                    to_state=Option.State.TRANSFERRED,
                    reason=f"Transfer #{transfer.pk} to officials",
                )
                moved = True
            except (PermissionDenied, entries.EditConflict):
                moved = False
    transfer.option_moved = moved
    return transfer


def outcome_save(*, actor, dialogue, data: dict, outcome: Outcome | None = None) -> Outcome:
    """Record (or correct) an outcome of the dialogue."""
    require_role(actor, dialogue, TEAM_ROLES)
    if outcome is None:
        outcome = Outcome(dialogue=dialogue, author=actor)
    _fill(outcome, data, OUTCOME_FIELDS)
    outcome.full_clean()
    with transaction.atomic():
        outcome.save()
    return outcome


def reflection_save(*, actor, round_, data: dict) -> Reflection:
    """The actor's own reflection on a round: created the first time, updated after.
    Facilitators and organizers of the round's dialogue only."""
    require_role(actor, round_.dialogue_id, TEAM_ROLES)
    with transaction.atomic():
        reflection = (
            Reflection.objects.select_for_update().filter(round=round_, author=actor).first()
        )
        if reflection is None:
            reflection = Reflection(round=round_, author=actor)
        _fill(reflection, data, REFLECTION_FIELDS)
        reflection.full_clean()
        reflection.save()
    return reflection
