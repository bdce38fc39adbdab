"""The organizer's to-do panel on a dialogue's home: it counts rounds, obligations (dialogues)
and invitations and participants (participants), so it lives above both apps.

Each read costs a fixed number of queries, whatever the number of rows, and starts from the
models' visible_to(user).
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dialogues.models import ReportingObligation, Round
from participants.models import Invitation, Participant

#: Reporting obligations show on the dialogue home this many days before they are due.
OBLIGATION_WARNING_DAYS = 30
#: A participant's withdrawal shows on the dialogue home for this many days.
WITHDRAWAL_NOTICE_DAYS = 30


def _first_url(*candidates: tuple) -> str | None:
    """The first of (URL name, kwargs[, query]) that exists. Other areas' pages may not exist
    yet; a query string (a filter of that page) goes with its own URL only."""
    for name, kwargs, *query in candidates:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return f"{url}?{urlencode(query[0])}" if query else url
    return None


@dataclass
class TodoItem:
    kind: str  # withdrawn | invitations | venue | obligation | vetting
    count: int = 1
    url: str | None = None
    round: object = None
    obligation: object = None
    overdue: bool = False


@dataclass
class Todo:
    items: list[TodoItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)


def dialogue_todo(*, dialogue, user) -> Todo:
    """What needs doing next in `dialogue`, for its organizers' home page. Five queries.

    - participants who withdrew (or were withdrawn) in the last 30 days, counted: their
      seats in coming rounds are empty and may need filling (issue 16);
    - rounds with invitations that have had no answer (pending, not revoked, not
      expired), with their number: a count per round, never names, so the panel
      shows nothing about a participant the viewer may not read;
    - rounds not yet over that have no venue;
    - reporting obligations not done and due within 30 days (overdue ones too);
    - participants proposed but not yet vetted (a count).

    Everything is read through visible_to(user), so the panel counts only what
    the user could open.
    """
    today = timezone.localdate()
    did = {"dialogue_id": dialogue.pk}
    todo = Todo()

    visible_participants = Participant.objects.visible_to(user).filter(dialogue=dialogue)

    def count_in_state(kind: str, state: str, **since) -> None:
        """One item counting the visible participants in `state`, linked to the list
        filtered by it; none when there are none."""
        if count := visible_participants.filter(state=state, **since).count():
            url = _first_url(("participants:list", did, {"state": state}))
            todo.items.append(TodoItem(kind=kind, count=count, url=url))

    count_in_state(
        "withdrawn",
        Participant.State.WITHDRAWN,
        updated_at__gte=timezone.now() - dt.timedelta(days=WITHDRAWAL_NOTICE_DAYS),
    )
    pending = (
        Invitation.objects.visible_to(user)
        .filter(
            round__dialogue=dialogue,
            participant__in=visible_participants.values("pk"),
            response=Invitation.Response.PENDING,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .values("round_id", "round__title", "round__starts_on")
        .annotate(n=Count("id"))
        .order_by("round__starts_on", "round_id")
    )
    for row in pending:
        todo.items.append(
            TodoItem(
                kind="invitations",
                count=row["n"],
                round={"pk": row["round_id"], "title": row["round__title"]},
                url=_first_url(
                    ("participants:invitation-list", did, {"round": row["round_id"]}),
                    ("dialogues:round-detail", {**did, "round_id": row["round_id"]}),
                    ("participants:list", did),
                ),
            )
        )

    for round_ in Round.objects.visible_to(user).filter(
        dialogue=dialogue, venue__isnull=True, ends_on__gte=today
    ):
        todo.items.append(
            TodoItem(
                kind="venue",
                round=round_,
                url=_first_url(
                    ("dialogues:round-edit", {**did, "round_id": round_.pk}),
                    ("dialogues:round-detail", {**did, "round_id": round_.pk}),
                    ("dialogues:round-list", did),
                ),
            )
        )

    funding_url = _first_url(("dialogues:funding-list", did))
    for obligation in (
        ReportingObligation.objects.visible_to(user)
        .filter(
            funding__dialogue=dialogue,
            done=False,
            due_on__lte=today + dt.timedelta(days=OBLIGATION_WARNING_DAYS),
        )
        .select_related("funding__funder")
    ):
        todo.items.append(
            TodoItem(
                kind="obligation",
                obligation=obligation,
                overdue=obligation.due_on < today,
                url=funding_url,
            )
        )

    count_in_state("vetting", Participant.State.PROPOSED)
    return todo
