"""Reads of funders, fundings and reporting obligations (writes are in services/funding.py).

Funding is organizer business: the conditions a funder sets and the legitimacy
risk its money carries are for the dialogue's organizers only. The pages that
show these reads are organizer-only (@dialogue_view(roles={organizer})); a
caller that shows them elsewhere must check `access.is_organizer` first.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, Prefetch, Sum, Value, When
from django.utils import timezone

from dialogues.models import Funder, FunderContact, Funding, ReportingObligation
from trackii.privacy.roles import Role

#: How far ahead an open obligation counts as "due soon".
DUE_SOON_DAYS = 30


def _horizon(today: dt.date | None, within_days: int) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    return today, today + dt.timedelta(days=within_days)


def obligations_due(dialogue, *, within_days: int = DUE_SOON_DAYS, today: dt.date | None = None):
    """The dialogue's open reporting obligations due within `within_days` of `today`
    (overdue ones included), earliest first, with their funding and funder.

    Each row carries `is_overdue` (due before `today`). `today` defaults to the
    local date (settings.TIME_ZONE); pass it in tests.

    Who may see the result: organizers only (the funder's name and what is owed
    to it are organizer business). This selector does not check the reader:
    call it only where `access.is_organizer`. One SQL query.
    """
    today, horizon = _horizon(today, within_days)
    return (
        ReportingObligation.objects.filter(
            funding__dialogue=dialogue, done=False, due_on__lte=horizon
        )
        .annotate(
            is_overdue=Case(
                When(due_on__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .select_related("funding__funder")
        .order_by("due_on", "id")
    )


def _annotated_obligations(today: dt.date, horizon: dt.date):
    """Obligations with `urgency`: "done", "overdue", "soon" (within the horizon) or "later"."""
    return ReportingObligation.objects.annotate(
        urgency=Case(
            When(done=True, then=Value("done")),
            When(due_on__lt=today, then=Value("overdue")),
            When(due_on__lte=horizon, then=Value("soon")),
            default=Value("later"),
        )
    ).order_by("due_on", "id")


def fundings_for_page(user, dialogue, *, today: dt.date | None = None):
    """The dialogue's fundings `user` may read, with funder and obligations (each
    obligation annotated with `urgency`), in three queries whatever the rows.

    Starts from Funding.objects.visible_to(user) (the team); the pages using it
    are organizer-only on top of that.
    """
    today, horizon = _horizon(today, DUE_SOON_DAYS)
    return (
        Funding.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("funder")
        .prefetch_related(Prefetch("obligations", queryset=_annotated_obligations(today, horizon)))
        .order_by("starts_on", "id")
    )


def funding_totals(user, dialogue) -> list[dict]:
    """Sum and count of the dialogue's fundings per status and currency, in one query.

    Amounts in different currencies are never added together. Rows come in the
    order of Funding.Status (prospect … ended), then by currency; each row is
    {"status", "status_label", "currency", "count", "total"}.
    """
    rows = (
        Funding.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .values("status", "currency")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by()
    )
    order = {status: i for i, status in enumerate(Funding.Status.values)}
    labels = dict(Funding.Status.choices)
    return [
        {**row, "status_label": labels.get(row["status"], row["status"])}
        for row in sorted(rows, key=lambda r: (order.get(r["status"], 99), r["currency"]))
    ]


def funders_of_dialogue(user, dialogue):
    """Funders with at least one funding in `dialogue` that `user` may read, each with
    `members` = the accounts linked to it in THIS dialogue (FunderContact).

    Links are per dialogue, so nothing here tells who represents a funder anywhere
    else. Two queries. In id order: names are encrypted, callers sort them in Python.
    """
    return (
        Funder.objects.filter(
            fundings__in=Funding.objects.visible_to(user).filter(dialogue=dialogue)
        )
        .distinct()
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=FunderContact.objects.filter(dialogue=dialogue)
                .select_related("user")
                .order_by("user__email"),
                to_attr="dialogue_contacts",
            )
        )
        .order_by("pk")
    )


def funder_members(dialogue):
    """Users holding the funder role in `dialogue`: those an organizer may link to a Funder."""
    return (
        get_user_model()
        .objects.filter(memberships__dialogue=dialogue, memberships__role=Role.FUNDER)
        .order_by("email")
    )


def funder_contact_users(dialogue):
    """Accounts linked to some funder in `dialogue` (those a funder link may be removed from)."""
    return get_user_model().objects.filter(funder_contacts__dialogue=dialogue).distinct()


def funder_choices(organization):
    """The funders of one organization's directory, for the funding form's select: name and
    kind only. Other organizations' funders are never offered nor accepted. The form sorts
    them by name in Python (names are encrypted)."""
    return Funder.objects.for_organization(organization).only("id", "name", "kind").order_by("pk")
