"""Reads of facilitation that several pages share. Each takes the viewer (`user=`) and
starts from visible_to(user)."""

from dataclasses import dataclass

from django.db.models import Prefetch

from facilitation.models import Option, OptionEvent, OptionLineage, OptionStance, Transfer
from trackii.privacy.access import get_visible_or_404


@dataclass
class OptionStory:
    """One option's page: the option and what happened to it, each part as the viewer may
    read it."""

    option: Option
    events: list
    parents: list  # OptionLineage rows whose parent the viewer may read
    children: list  # OptionLineage rows of options the viewer may read that grew from it
    transfers: list


def option_story(*, user, dialogue, option_id: int) -> OptionStory:
    """An option of `dialogue` that `user` may read, else 404; with its state history, the
    options it grew from and those that grew from it, each side's stance, and the
    transfers of it to officials. Seven queries."""
    visible = Option.objects.visible_to(user).filter(dialogue=dialogue)
    option = get_visible_or_404(
        visible.select_related("session", "author").prefetch_related(
            "topics", Prefetch("stances", queryset=OptionStance.objects.select_related("side"))
        ),
        user,
        pk=option_id,
    )
    readable = visible.values("pk")
    return OptionStory(
        option=option,
        events=list(OptionEvent.objects.filter(option=option).select_related("by")),
        parents=list(
            OptionLineage.objects.filter(option=option, parent__in=readable).select_related(
                "parent"
            )
        ),
        children=list(
            OptionLineage.objects.filter(parent=option, option__in=readable).select_related(
                "option"
            )
        ),
        transfers=list(
            Transfer.objects.visible_to(user)
            .filter(dialogue=dialogue, option=option)
            .order_by("transferred_on", "id")
        ),
    )
