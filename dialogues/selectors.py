"""Reads that span several models: the organizer's to-do panel, the theory of change.

Each function costs a fixed number of queries, whatever the number of rows,
and starts from the models' visible_to(user).
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dialogues.models import ChangeStatement, ReportingObligation, Round
from dialogues.services.theory import STATEMENT_FIELDS

#: Reporting obligations show on the dialogue home this many days before they are due.
OBLIGATION_WARNING_DAYS = 30


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
    kind: str  # invitations | venue | obligation | vetting
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

    def of_kind(self, kind: str) -> list[TodoItem]:
        return [i for i in self.items if i.kind == kind]


def dialogue_todo(*, dialogue, user) -> Todo:
    """What needs doing next in `dialogue`, for its organizers' home page. Four queries.

    - rounds with invitations that have had no answer (pending, not revoked, not
      expired), with their number: a count per round, never names, so the panel
      shows nothing about a participant the viewer may not read;
    - rounds not yet over that have no venue;
    - reporting obligations not done and due within 30 days (overdue ones too);
    - participants proposed but not yet vetted (a count).

    Everything is read through visible_to(user), so the panel counts only what
    the user could open. Participants' models are looked up through the app
    registry: dialogues must not import participants (DESIGN.md, "Architecture").
    """
    Invitation = apps.get_model("participants", "Invitation")
    Participant = apps.get_model("participants", "Participant")
    today = timezone.localdate()
    did = {"dialogue_id": dialogue.pk}
    todo = Todo()

    visible_participants = Participant.objects.visible_to(user).filter(dialogue=dialogue)
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

    proposed = visible_participants.filter(state=Participant.State.PROPOSED).count()
    if proposed:
        todo.items.append(
            TodoItem(
                kind="vetting",
                count=proposed,
                url=_first_url(("participants:list", did, {"state": Participant.State.PROPOSED})),
            )
        )
    return todo


def theory_statements(*, dialogue, user):
    """The dialogue's change statements the user may read, with how often each was edited.

    One query (two with pagination's count).
    """
    return (
        ChangeStatement.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .annotate(revision_count=Count("revisions"))
        .order_by("position", "id")
    )


@dataclass
class HistoryEntry:
    """One earlier version of a statement and what the next edit changed in it."""

    revision: object
    fields: list[tuple[str, str, bool]]  # (label, text then, changed by the next edit)


HISTORY_PER_PAGE = 50


def statement_history(statement, *, page_number=None) -> tuple[Page, list[HistoryEntry]]:
    """One page of the statement's earlier versions, newest first, HISTORY_PER_PAGE to a
    page (a statement edited for years has hundreds). Two queries: the count, and the
    page's revisions with the one just before the page, to compare its newest with.

    Each revision holds the content *before* an edit; comparing it with the
    version that followed says which parts that edit changed.
    """
    ordered = statement.revisions.select_related("edited_by").order_by("-edited_at", "-id")
    page = Paginator(ordered, HISTORY_PER_PAGE).get_page(page_number)
    first = page.start_index() - 1  # the page's first revision, counted from 0
    revisions = list(ordered[max(first - 1, 0) : page.end_index()])
    labels = {name: ChangeStatement._meta.get_field(name).verbose_name for name in STATEMENT_FIELDS}
    if first > 0:
        newer = revisions.pop(0).content or {}
    else:
        newer = {name: getattr(statement, name) for name in STATEMENT_FIELDS}
    entries = []
    for revision in revisions:
        content = revision.content or {}
        fields = [
            (labels[name], content.get(name, ""), content.get(name, "") != newer.get(name, ""))
            for name in STATEMENT_FIELDS
        ]
        entries.append(HistoryEntry(revision=revision, fields=fields))
        newer = content
    return page, entries
