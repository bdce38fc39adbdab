"""The rule that a role must not run out: the last administrator of an organization, the last
organizer of a dialogue."""

from django.core.exceptions import ValidationError


def refuse_losing_the_last(holders, *, is_holder: bool, message) -> None:
    """Refuse, with `message`, to take the role from one of `holders` (the membership rows
    that hold it) when it is the last of them. The rows are locked (SELECT … FOR UPDATE)
    and counted, so two concurrent changes cannot both pass. Call inside a transaction."""
    count = len(list(holders.select_for_update().values_list("id", flat=True)))
    if is_holder and count <= 1:
        raise ValidationError(message)
