"""The funding services: organizers only, and every rule checked again below the forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dialogues.models import Funder, Funding
from dialogues.services import funding as services
from tests.factories import FunderFactory, FundingFactory, ReportingObligationFactory


def create_funding(cast, actor, **overrides):
    fields = {
        "funder": overrides.pop("funder", None) or FunderFactory(),
        "amount": Decimal("1000"),
        "currency": "EUR",
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        **overrides,
    }
    return services.funding_create(actor=actor, dialogue=cast.dialogue, **fields)


@pytest.mark.parametrize("who", ["facilitator", "participant", "funder", "observer", "outsider"])
def test_funding_create_by_non_organizer_is_denied(cast, who):
    with pytest.raises(PermissionDenied):
        create_funding(cast, cast[who])

    assert Funding.objects.count() == 0


def test_funding_create_by_organizer_of_another_dialogue_is_denied(cast):
    with pytest.raises(PermissionDenied):
        create_funding(cast, cast["other_member"])


def test_funding_create_with_lowercase_currency_stores_it_uppercase(cast):
    funding = create_funding(cast, cast["organizer"], currency=" chf ")

    assert funding.currency == "CHF"


@pytest.mark.parametrize("currency", ["EU", "EURO", "E1R", "€€€", ""])
def test_funding_create_with_malformed_currency_is_refused(cast, currency):
    with pytest.raises(ValidationError) as e:
        create_funding(cast, cast["organizer"], currency=currency)

    assert e.value.message_dict == {
        "currency": [
            "Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF."
        ]
    }


def test_funding_create_with_negative_amount_is_refused(cast):
    with pytest.raises(ValidationError) as e:
        create_funding(cast, cast["organizer"], amount=Decimal("-1"))

    assert list(e.value.message_dict) == ["amount"]


def test_funding_create_ending_before_it_starts_is_refused(cast):
    with pytest.raises(ValidationError) as e:
        create_funding(
            cast, cast["organizer"], starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 30)
        )

    assert e.value.message_dict == {"ends_on": ["The period cannot end before it starts."]}


def test_funding_update_by_facilitator_is_denied(cast):
    funding = FundingFactory(dialogue=cast.dialogue)

    with pytest.raises(PermissionDenied):
        services.funding_update(actor=cast["facilitator"], funding=funding, amount=Decimal(5))


def test_funding_update_changes_the_fields_given(cast):
    funding = FundingFactory(dialogue=cast.dialogue, status=Funding.Status.APPLIED)

    services.funding_update(
        actor=cast["organizer"], funding=funding, status=Funding.Status.GRANTED, amount=Decimal(7)
    )

    funding.refresh_from_db()
    assert (funding.status, funding.amount) == (Funding.Status.GRANTED, Decimal("7.00"))


def test_funder_create_with_name_taken_in_another_case_is_refused(cast):
    FunderFactory(name="Nordic Peace Foundation")

    with pytest.raises(ValidationError) as e:
        services.funder_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            name="nordic peace foundation",
            kind=Funder.Kind.FOUNDATION,
        )

    assert e.value.message_dict == {
        "name": ["A funder with this name already exists. Choose it in the funding form."]
    }


def test_funder_create_by_facilitator_is_denied(cast):
    with pytest.raises(PermissionDenied):
        services.funder_create(
            actor=cast["facilitator"], dialogue=cast.dialogue, name="X", kind="private"
        )


def test_obligation_set_done_by_organizer_marks_it_done(cast):
    obligation = ReportingObligationFactory(funding=FundingFactory(dialogue=cast.dialogue))

    services.obligation_set_done(actor=cast["organizer"], obligation=obligation)

    obligation.refresh_from_db()
    assert obligation.done is True


def test_obligation_set_done_by_facilitator_is_denied(cast):
    obligation = ReportingObligationFactory(funding=FundingFactory(dialogue=cast.dialogue))

    with pytest.raises(PermissionDenied):
        services.obligation_set_done(actor=cast["facilitator"], obligation=obligation)


def test_funder_link_user_with_funder_member_links_them(cast):
    funding = FundingFactory(dialogue=cast.dialogue)

    services.funder_link_user(
        actor=cast["organizer"], dialogue=cast.dialogue, funder=funding.funder, user=cast["funder"]
    )

    assert [c.user for c in funding.funder.contacts.filter(dialogue=cast.dialogue)] == [
        cast["funder"]
    ]


@pytest.mark.parametrize("who", ["observer", "other_member", "outsider"])
def test_funder_link_user_with_someone_not_funder_here_is_refused(cast, who):
    funding = FundingFactory(dialogue=cast.dialogue)

    with pytest.raises(ValidationError) as e:
        services.funder_link_user(
            actor=cast["organizer"], dialogue=cast.dialogue, funder=funding.funder, user=cast[who]
        )

    assert e.value.message_dict == {
        "user": ["Choose a member who holds the funder role in this dialogue."]
    }


def test_funder_link_user_to_funder_of_another_dialogue_only_is_refused(cast):
    elsewhere = FundingFactory(dialogue=cast.other_dialogue)

    with pytest.raises(ValidationError) as e:
        services.funder_link_user(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            funder=elsewhere.funder,
            user=cast["funder"],
        )

    assert e.value.messages == ["This funder has no funding in this dialogue."]


def test_funder_unlink_user_removes_the_link(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    funding.funder.contacts.create(dialogue=cast.dialogue, user=cast["funder"])

    services.funder_unlink_user(
        actor=cast["organizer"], dialogue=cast.dialogue, funder=funding.funder, user=cast["funder"]
    )

    assert not funding.funder.contacts.exists()
