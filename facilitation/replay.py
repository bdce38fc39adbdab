"""Whether a change from the console's offline queue is already stored.

console.js keeps changes made offline and sends them again until it reads an answer; an
answer lost on a poor connection means the same change arrives twice. The second one then
meets an EditConflict (the entry's version moved on, by this very change). These rules
tell such a retry, answered "exists", from someone else's change, answered 409.
"""

from facilitation.entries import KINDS, UPDATES
from facilitation.models import Option, OptionStance


def edit_already_applied(user, *, kind: str, pk: int, data: dict) -> bool:
    """Whether an edit refused as a conflict is already in the entry: compared on the
    entry's own fields (not its sides, topics or lineage), as `user` reads it."""
    current = KINDS[kind].objects.visible_to(user).filter(pk=pk).first()
    if current is None:
        return False
    many = {f.name for f in current._meta.many_to_many} | {"derived_from", "lineage_kind"}
    simple = [f for f in UPDATES[kind][1] if f not in many and f in data]
    return all(getattr(current, f) == data[f] for f in simple)


def move_already_applied(
    option: Option, *, actor, from_state: str, to_state: str, reason: str
) -> bool:
    """A retry of this very move: the option is where it was sent, by `actor`'s move with
    this reason."""
    last = option.events.order_by("-at", "-id").first()
    return (
        option.state == to_state
        and last is not None
        and last.by_id == actor.pk
        and last.from_state == from_state
        and last.reason == reason
    )


def stance_targets(changes: dict) -> dict:
    """The stances a stances form sets: side id -> stance, for the sides it changes."""
    return {side.pk: stance for side, (seen, stance) in changes.items() if seen != stance}


def stances_already_applied(option: Option, *, changes: dict) -> bool:
    """Every side the change sets already holds the stance it sets."""
    current = dict(option.stances.values_list("side_id", "stance"))
    return all(
        current.get(side_id, OptionStance.Stance.UNKNOWN) == stance
        for side_id, stance in stance_targets(changes).items()
    )
