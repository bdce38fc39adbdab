"""The dialogue home and the theory of change cost a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import ChangeStatementRevision
from tests.factories import (
    ChangeStatementFactory,
    FundingFactory,
    InvitationFactory,
    ParticipantFactory,
    ParticipantTextFactory,
    ReportingObligationFactory,
    RoundFactory,
    SideFactory,
)


def grow(cast, size):
    soon = timezone.localdate() + dt.timedelta(days=5)
    funding = FundingFactory(dialogue=cast.dialogue)
    for i in range(size):
        side = SideFactory(dialogue=cast.dialogue)
        round_ = RoundFactory(dialogue=cast.dialogue, starts_on=soon, ends_on=soon)
        InvitationFactory(round=round_, participant=ParticipantFactory(side=side))
        ParticipantFactory(side=side, state="proposed")
        ReportingObligationFactory(funding=funding, due_on=soon)
        statement = ChangeStatementFactory(dialogue=cast.dialogue, if_text=f"if {i}")
        ChangeStatementRevision.objects.create(
            statement=statement, edited_by=cast["organizer"], content={"if_text": "before"}
        )
        for kind in ("agreement", "invitation"):
            ParticipantTextFactory(
                dialogue=cast.dialogue, kind=kind, language="fr", version=i + 1, text=f"v{i}"
            )


PAGES = [
    # Every page: user, membership (2; the session comes from the cache). Then:
    # sides, the agreement's versions; to-do: invitations, rounds, obligations, vetting,
    # consent withdrawn; the setup checklist (7)
    ("dialogues:detail", "organizer", 16),
    ("dialogues:detail", "facilitator", 4),  # sides, the agreement's versions
    ("dialogues:theory", "organizer", 4),  # statements: count and page
    ("dialogues:edit", "organizer", 3),  # sides
    ("dialogues:texts", "organizer", 3),  # every version of the texts, with their authors
]


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize(("url_name", "who", "queries"), PAGES)
def test_page_query_count_is_fixed(
    url_name, who, queries, size, cast, client_for, django_assert_num_queries
):
    grow(cast, size)
    client = client_for(cast[who])

    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name, args=[cast.dialogue.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 20, 60])  # 60: more than one page
def test_theory_history_query_count_is_fixed(size, cast, client_for, django_assert_num_queries):
    statement = ChangeStatementFactory(dialogue=cast.dialogue)
    for i in range(size):
        ChangeStatementRevision.objects.create(
            statement=statement, edited_by=cast["organizer"], content={"if_text": f"v{i}"}
        )
    client = client_for(cast["facilitator"])

    # 2, the statement, its revisions counted, one page of them with their editors
    with django_assert_num_queries(5):
        response = client.get(
            reverse("dialogues:theory-history", args=[cast.dialogue.pk, statement.pk])
        )

    assert response.status_code == 200
