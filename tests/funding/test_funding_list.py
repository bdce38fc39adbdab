"""The funding page: organizers only; fundings, obligations, totals, warnings."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import FunderContact
from tests.factories import (
    DialogueFactory,
    FunderFactory,
    FundingFactory,
    MembershipFactory,
    ReportingObligationFactory,
    UserFactory,
)


def funding_list_url(dialogue):
    return reverse("dialogues:funding-list", kwargs={"dialogue_id": dialogue.pk})


def days_from_today(days):
    return timezone.localdate() + dt.timedelta(days=days)


def test_funding_list_for_organizer_shows_each_fundings_details(cast, client_for):
    FundingFactory(
        dialogue=cast.dialogue,
        funder=FunderFactory(name="Nordic Peace Foundation", kind="foundation"),
        amount=Decimal("250000.00"),
        currency="EUR",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 6, 30),
        status="granted",
        conditions="No travel for officials",
        legitimacy_risk="Seen as western-backed by the south",
    )

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Nordic Peace Foundation",
        "<dd>Foundation</dd>",
        "<dd>€250,000.00</dd>",
        'Jan. 1, 2026</time> – <time datetime="2027-06-30">June 30, 2027',
        "<dd>Granted</dd>",
        "No travel for officials",
        "Seen as western-backed by the south",
    ]:
        assert text in body


def test_funding_list_shows_totals_per_status_and_currency(cast, client_for):
    FundingFactory(dialogue=cast.dialogue, amount=Decimal("100000.50"), status="granted")
    FundingFactory(dialogue=cast.dialogue, amount=Decimal("50000.25"), status="granted")
    FundingFactory(
        dialogue=cast.dialogue, amount=Decimal("20000"), status="granted", currency="USD"
    )

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    totals = response.context["totals"]
    assert [(r["status"], r["currency"], r["count"], r["total"]) for r in totals] == [
        ("granted", "EUR", 2, Decimal("150000.75")),
        ("granted", "USD", 1, Decimal("20000.00")),
    ]
    assert "<td>€150,000.75</td>" in response.content.decode()


def test_funding_list_highlights_obligation_due_within_30_days(cast, client_for):
    funding = FundingFactory(dialogue=cast.dialogue)
    ReportingObligationFactory(
        funding=funding, description="Interim report", due_on=days_from_today(10)
    )
    ReportingObligationFactory(
        funding=funding, description="Final report", due_on=days_from_today(40)
    )

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    assert [o.description for o in response.context["due"]] == ["Interim report"]
    assert response.content.decode().count("Due soon</span>") == 2  # the list and its row


def test_funding_list_marks_overdue_obligation(cast, client_for):
    funding = FundingFactory(dialogue=cast.dialogue)
    ReportingObligationFactory(funding=funding, description="Audit", due_on=days_from_today(-2))

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    assert [(o.description, o.is_overdue) for o in response.context["due"]] == [("Audit", True)]
    assert response.content.decode().count("Overdue</span>") == 2


def test_funding_list_without_fundings_says_so(cast, client_for):
    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    assert "No funding recorded yet. Record the first one" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("facilitator", 403),
        ("participant", 403),
        ("observer", 403),
        ("funder", 403),
        ("other_member", 404),
        ("outsider", 404),
    ],
)
def test_funding_list_for_non_organizer_is_refused(cast, client_for, who, status):
    FundingFactory(dialogue=cast.dialogue)

    response = client_for(cast[who]).get(funding_list_url(cast.dialogue))

    assert response.status_code == status


def test_funding_list_for_anonymous_visitor_redirects_to_login(cast, client_for):
    response = client_for(None).get(funding_list_url(cast.dialogue))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_funding_list_of_other_dialogue_for_linked_funder_user_is_404(cast, client_for):
    funder = FunderFactory(name="Shared Foundation")
    second = DialogueFactory()
    FundingFactory(dialogue=cast.dialogue, funder=funder)
    FunderContact.objects.create(dialogue=cast.dialogue, funder=funder, user=cast["funder"])
    FundingFactory(dialogue=second, funder=funder, conditions="Other terms")

    response = client_for(cast["funder"]).get(funding_list_url(second))

    assert response.status_code == 404


def test_funding_list_shows_no_funding_of_another_dialogue(cast, client_for):
    funder = FunderFactory(name="Shared Foundation")
    FundingFactory(dialogue=cast.dialogue, funder=funder, conditions="Our terms")
    FundingFactory(dialogue=DialogueFactory(), funder=funder, conditions="Their terms")

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    assert [f.conditions for f in response.context["page"]] == ["Our terms"]
    assert "Their terms" not in response.content.decode()


def test_funding_list_shows_only_linked_users_who_are_members_here(cast, client_for):
    funder = FunderFactory(name="Shared Foundation")
    FundingFactory(dialogue=cast.dialogue, funder=funder)
    second = DialogueFactory()
    FundingFactory(dialogue=second, funder=funder)
    elsewhere = UserFactory(email="rep-elsewhere@example.org", display_name="Rep elsewhere")
    MembershipFactory(dialogue=second, user=elsewhere, role="funder")
    FunderContact.objects.create(dialogue=cast.dialogue, funder=funder, user=cast["funder"])
    FunderContact.objects.create(dialogue=second, funder=funder, user=elsewhere)

    response = client_for(cast["organizer"]).get(funding_list_url(cast.dialogue))

    (shown,) = response.context["funders"]
    assert shown.members == [cast["funder"]]
    assert "rep-elsewhere@example.org" not in response.content.decode()


def grow(dialogue, size):
    for i in range(size):
        funding = FundingFactory(dialogue=dialogue, currency=["EUR", "USD"][i % 2])
        FunderContact.objects.create(
            dialogue=dialogue,
            funder=funding.funder,
            user=MembershipFactory(dialogue=dialogue, role="funder").user,
        )
        ReportingObligationFactory(funding=funding, due_on=days_from_today(i - 2))
        ReportingObligationFactory(funding=funding, due_on=days_from_today(60), done=True)


@pytest.mark.parametrize("size", [2, 20])
def test_funding_list_query_count_is_fixed(cast, client_for, django_assert_num_queries, size):
    grow(cast.dialogue, size)
    client = client_for(cast["organizer"])

    # user, membership (session from the cache); count and page of fundings, their obligations;
    # totals; obligations due; funders and their linked members; funder members
    with django_assert_num_queries(10):
        response = client.get(funding_list_url(cast.dialogue))

    assert response.status_code == 200
