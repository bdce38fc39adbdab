"""Reads that span several models: the theory of change and its history.

Each function costs a fixed number of queries, whatever the number of rows,
and starts from the models' visible_to(user).
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch

from dialogues.models import ChangeStatement, Indicator, IndicatorValue, ParticipantText
from dialogues.services.participant_texts import newest_versions
from dialogues.services.theory import STATEMENT_FIELDS


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


def participant_texts(*, dialogue, user) -> tuple[dict, list[ParticipantText]]:
    """The dialogue's agreement and invitation texts the user may read (the team's): the
    newest version of each (kind, language), and every earlier version, newest first.
    One query."""
    versions = list(
        ParticipantText.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("created_by")
        .order_by("kind", "language", "-version")
    )
    newest = newest_versions(versions)
    current = {v.pk for v in newest.values()}
    return newest, [v for v in versions if v.pk not in current]


def statement_indicators(*, statement, user) -> list:
    """The indicators of `statement` that `user` may read (the team), oldest first, each
    with its hand-entered values as `entries`, oldest first. Two queries."""
    return list(
        Indicator.objects.visible_to(user)
        .filter(statement=statement)
        .select_related("side")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.visible_to(user).order_by("measured_on", "pk"),
                to_attr="entries",
            )
        )
        .order_by("pk")
    )
