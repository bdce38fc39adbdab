"""Adding funders, recording and editing fundings: organizers only, bad input kept and explained."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Funder, Funding
from dialogues.selectors_funding import obligations_due
from tests.factories import DialogueFactory, FunderFactory, FundingFactory


def url(name, dialogue, **kwargs):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_id": dialogue.pk, **kwargs})


def funding_data(funder, **overrides):
    return {
        "funder": funder.pk,
        "amount": "120000",
        "currency": "EUR",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "status": "granted",
        "conditions": "Workshops only",
        "legitimacy_risk": "Donor seen as partial by one side",
        **overrides,
    }


def test_organizer_creates_funder_funding_and_obligation_due_in_10_days(cast, client_for):
    client = client_for(cast["organizer"])
    due_on = timezone.localdate() + dt.timedelta(days=10)

    client.post(url("funder-create", cast.dialogue), {"name": "Alpine Trust", "kind": "private"})
    [funder] = [f for f in Funder.objects.all() if f.name == "Alpine Trust"]
    client.post(url("funding-create", cast.dialogue), funding_data(funder))
    funding = Funding.objects.get(dialogue=cast.dialogue)
    client.post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "Interim report", "due_on": due_on.isoformat()},
    )

    due = [(o.description, o.due_on, o.funding.funder.name) for o in obligations_due(cast.dialogue)]
    assert due == [("Interim report", due_on, "Alpine Trust")]


def test_funder_create_redirects_to_funding_form_with_funder_chosen(cast, client_for):
    response = client_for(cast["organizer"]).post(
        url("funder-create", cast.dialogue), {"name": "Alpine Trust", "kind": "private"}
    )

    [funder] = [f for f in Funder.objects.all() if f.name == "Alpine Trust"]
    assert response.url == f"{url('funding-create', cast.dialogue)}?funder={funder.pk}"


def test_funding_form_with_funder_in_query_preselects_it(cast, client_for):
    funder = FunderFactory(name="Alpine Trust")

    response = client_for(cast["organizer"]).get(
        f"{url('funding-create', cast.dialogue)}?funder={funder.pk}"
    )

    assert f'<option value="{funder.pk}" selected>Alpine Trust (Foundation)</option>' in (
        response.content.decode()
    )


def test_funder_create_with_taken_name_answers_422_with_message(cast, client_for):
    FunderFactory(name="Alpine Trust")

    response = client_for(cast["organizer"]).post(
        url("funder-create", cast.dialogue), {"name": "ALPINE TRUST", "kind": "private"}
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "A funder with this name already exists. Choose it in the funding form." in body
    assert 'value="ALPINE TRUST"' in body


def test_funder_create_with_overlong_name_answers_422(cast, client_for):
    response = client_for(cast["organizer"]).post(
        url("funder-create", cast.dialogue), {"name": "x" * 161, "kind": "private"}
    )

    assert response.status_code == 422
    assert Funder.objects.count() == 0


def test_funding_create_saves_every_field(cast, client_for):
    funder = FunderFactory()

    response = client_for(cast["organizer"]).post(
        url("funding-create", cast.dialogue), funding_data(funder, currency="usd")
    )

    funding = Funding.objects.get()
    assert response.url == f"{url('funding-list', cast.dialogue)}#funding-{funding.pk}"
    assert (
        funding.dialogue,
        funding.funder,
        funding.amount,
        funding.currency,
        funding.starts_on,
        funding.ends_on,
        funding.status,
        funding.conditions,
        funding.legitimacy_risk,
    ) == (
        cast.dialogue,
        funder,
        Decimal("120000.00"),
        "USD",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        "granted",
        "Workshops only",
        "Donor seen as partial by one side",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "-100"}, "The amount cannot be negative."),
        ({"ends_on": "2025-12-31"}, "The period cannot end before it starts."),
        (
            {"currency": "EU"},
            "Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF.",
        ),
        (
            {"currency": "EURO"},
            "Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF.",
        ),
        (
            {"currency": "E1R"},
            "Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF.",
        ),
        ({"conditions": "x" * 5001}, "Ensure this value has at most 5000 characters"),
    ],
)
def test_funding_create_with_bad_input_answers_422_with_message(
    cast, client_for, overrides, message
):
    data = funding_data(FunderFactory(), **overrides)

    response = client_for(cast["organizer"]).post(url("funding-create", cast.dialogue), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert Funding.objects.count() == 0


def test_funding_create_with_bad_input_keeps_what_was_typed(cast, client_for):
    data = funding_data(FunderFactory(), amount="-100", legitimacy_risk="Seen as partial")

    response = client_for(cast["organizer"]).post(url("funding-create", cast.dialogue), data)

    body = response.content.decode()
    assert 'value="-100"' in body
    assert 'value="2026-01-01"' in body
    assert ">\nSeen as partial</textarea>" in body
    assert ">\nWorkshops only</textarea>" in body


def test_funding_create_with_unknown_funder_answers_422(cast, client_for):
    data = {**funding_data(FunderFactory()), "funder": "999999"}

    response = client_for(cast["organizer"]).post(url("funding-create", cast.dialogue), data)

    assert response.status_code == 422
    assert "Select a valid choice." in response.content.decode()


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
def test_funding_create_by_non_organizer_is_refused(cast, client_for, who, status):
    response = client_for(cast[who]).post(
        url("funding-create", cast.dialogue), funding_data(FunderFactory())
    )

    assert response.status_code == status
    assert Funding.objects.count() == 0


def test_funding_form_lists_funders_of_the_organization_without_their_dialogue(cast, client_for):
    second = DialogueFactory(code_name="SECOND", organization=cast.organization)
    FundingFactory(
        dialogue=second,
        funder=FunderFactory(name="Nordic Peace Foundation"),
        conditions="Workshops only",
    )

    response = client_for(cast["organizer"]).get(url("funding-create", cast.dialogue))

    body = response.content.decode()
    assert "Nordic Peace Foundation (Foundation)" in body
    assert "SECOND" not in body
    assert "Workshops only" not in body


def test_funding_form_never_lists_funders_of_another_organization(cast, client_for):
    FundingFactory(dialogue=cast.dialogue, funder=FunderFactory(name="Nordic Peace Foundation"))

    response = client_for(cast["other_member"]).get(url("funding-create", cast.other_dialogue))

    assert list(response.context["form"].fields["funder"].queryset) == []
    assert "Nordic Peace Foundation" not in response.content.decode()


def test_funding_create_naming_another_organizations_funder_is_refused(cast, client_for):
    theirs = FundingFactory(dialogue=cast.other_dialogue).funder

    response = client_for(cast["organizer"]).post(
        url("funding-create", cast.dialogue), funding_data(theirs)
    )

    assert response.status_code == 422
    assert not Funding.objects.filter(dialogue=cast.dialogue).exists()


def test_funding_edit_changes_the_funding(cast, client_for):
    funding = FundingFactory(dialogue=cast.dialogue, status="applied")

    response = client_for(cast["organizer"]).post(
        url("funding-edit", cast.dialogue, funding_id=funding.pk),
        funding_data(funding.funder, status="declined", amount="0"),
    )

    funding.refresh_from_db()
    assert response.status_code == 302
    assert (funding.status, funding.amount) == ("declined", Decimal("0.00"))


def test_funding_edit_ending_before_it_starts_answers_422_and_keeps_the_old_values(
    cast, client_for
):
    funding = FundingFactory(dialogue=cast.dialogue, ends_on=dt.date(2027, 12, 31))

    response = client_for(cast["organizer"]).post(
        url("funding-edit", cast.dialogue, funding_id=funding.pk),
        funding_data(funding.funder, ends_on="2025-01-01"),
    )

    funding.refresh_from_db()
    assert response.status_code == 422
    assert 'value="2025-01-01"' in response.content.decode()
    assert funding.ends_on == dt.date(2027, 12, 31)


def test_funding_edit_of_another_dialogues_funding_is_404(cast, client_for):
    elsewhere = FundingFactory(dialogue=cast.other_dialogue)

    response = client_for(cast["organizer"]).get(
        url("funding-edit", cast.dialogue, funding_id=elsewhere.pk)
    )

    assert response.status_code == 404
