"""Spending against funding: organizers record it on the funding form; a report shows
each funder only its own funding lines, organizers all of them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dialogues.models import FunderContact, Funding
from reports import services
from reports.models import Report
from tests.factories import FunderFactory, FundingFactory, MembershipFactory, UserFactory
from trackii.privacy.roles import Role


@pytest.fixture
def fundings(cast):
    """Two funders of JUNIPER; the cast's funder user represents the first."""
    ours = FunderFactory(name="Alpine Trust")
    theirs = FunderFactory(name="CANARY-OTHER-FUNDER")
    FunderContact.objects.create(dialogue=cast.dialogue, funder=ours, user=cast["funder"])
    granted = {"dialogue": cast.dialogue, "status": Funding.Status.GRANTED}
    FundingFactory(
        funder=ours,
        amount=Decimal("120000"),
        spent=Decimal("30000"),
        spent_as_of=dt.date(2026, 9, 30),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        **granted,
    )
    FundingFactory(funder=theirs, amount=Decimal("777777"), spent=Decimal("5"), **granted)
    FundingFactory(
        funder=ours, dialogue=cast.dialogue, amount=Decimal("999"), status=Funding.Status.PROSPECT
    )
    return ours, theirs


def _published(cast, capture):
    with capture(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title="Autumn",
            period_kind=Report.Period.RANGE,
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 10, 31),
        )
    with capture(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    report.refresh_from_db()
    return report


def _page(client, report):
    return client.get(reverse("reports:detail", args=[report.dialogue_id, report.pk]))


def test_organizer_records_spending_on_the_funding_form(cast, client_for):
    funder = FunderFactory(name="Alpine Trust")
    funding = FundingFactory(dialogue=cast.dialogue, funder=funder)

    response = client_for(cast["organizer"]).post(
        reverse("dialogues:funding-edit", args=[cast.dialogue.pk, funding.pk]),
        {
            "funder": funder.pk,
            "amount": "100000",
            "currency": "EUR",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "status": "granted",
            "spent": "25000.50",
            "spent_as_of": "2026-10-01",
        },
        follow=True,
    )

    funding.refresh_from_db()
    assert (funding.spent, funding.spent_as_of) == (Decimal("25000.50"), dt.date(2026, 10, 1))
    assert "€25,000.50 (as of Oct. 1, 2026)" in response.content.decode()


def test_spending_without_its_date_answers_422_and_keeps_the_amount(cast, client_for):
    funder = FunderFactory()

    response = client_for(cast["organizer"]).post(
        reverse("dialogues:funding-create", args=[cast.dialogue.pk]),
        {
            "funder": funder.pk,
            "amount": "100000",
            "currency": "EUR",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "status": "granted",
            "spent": "4321",
        },
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Give the date this spending was recorded on." in body
    assert 'value="4321"' in body
    assert Funding.objects.count() == 0


def test_negative_spending_is_refused_with_a_message(cast, client_for):
    funder = FunderFactory()

    response = client_for(cast["organizer"]).post(
        reverse("dialogues:funding-create", args=[cast.dialogue.pk]),
        {
            "funder": funder.pk,
            "amount": "100",
            "currency": "EUR",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "status": "granted",
            "spent": "-1",
            "spent_as_of": "2026-02-01",
        },
    )

    assert response.status_code == 422
    assert "The amount spent cannot be negative." in response.content.decode()


def test_snapshot_keeps_granted_fundings_overlapping_the_period_without_totals(
    cast, fundings, django_capture_on_commit_callbacks
):
    ours, theirs = fundings

    report = _published(cast, django_capture_on_commit_callbacks)

    assert report.snapshot["spending"] == [
        {
            "funder_id": ours.pk,
            "funder": "Alpine Trust",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "120000.00",
            "currency": "EUR",
            "spent": "30000.00",
            "spent_as_of": "2026-09-30",
            "percent": 25,
        },
        {
            "funder_id": theirs.pk,
            "funder": "CANARY-OTHER-FUNDER",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "amount": "777777.00",
            "currency": "EUR",
            "spent": "5.00",
            "spent_as_of": None,
            "percent": 0,
        },
    ]


def test_funder_sees_only_its_own_funding_line(
    cast, fundings, client_for, django_capture_on_commit_callbacks
):
    report = _published(cast, django_capture_on_commit_callbacks)

    response = _page(client_for(cast["funder"]), report)

    body = response.content.decode()
    assert [line["amount"] for line in response.context["spending"]] == ["120000.00"]
    assert "30000.00 EUR (as of 2026-09-30)" in body
    assert [s for s in ("CANARY-OTHER-FUNDER", "777777", "Alpine Trust") if s in body] == []


def test_funder_not_linked_to_a_funder_sees_no_spending(
    cast, fundings, client_for, django_capture_on_commit_callbacks
):
    unlinked = UserFactory()
    MembershipFactory(dialogue=cast.dialogue, user=unlinked, role=Role.FUNDER)
    report = _published(cast, django_capture_on_commit_callbacks)

    response = _page(client_for(unlinked), report)

    assert response.context["spending"] == []
    assert "777777" not in response.content.decode()
    assert "you are not yet linked" in response.content.decode()


def test_organizer_sees_every_funding_line_with_its_funder(
    cast, fundings, client_for, django_capture_on_commit_callbacks
):
    report = _published(cast, django_capture_on_commit_callbacks)

    response = _page(client_for(cast["organizer"]), report)

    assert [line["funder"] for line in response.context["spending"]] == [
        "Alpine Trust",
        "CANARY-OTHER-FUNDER",
    ]
    assert "777777.00 EUR" in response.content.decode()


def test_spending_recorded_after_publishing_does_not_change_the_report(
    cast, fundings, django_capture_on_commit_callbacks
):
    report = _published(cast, django_capture_on_commit_callbacks)

    Funding.objects.update(spent=Decimal("1"))

    report.refresh_from_db()
    assert report.snapshot["spending"][0]["spent"] == "30000.00"
