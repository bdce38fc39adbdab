"""A statement's results page: organizers choose what funder reports show of it and
define indicators with targets; facilitators read; bad input loses nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from tests.factories import ChangeStatementFactory, SideFactory
from trackii.privacy.levels import Level


@pytest.fixture
def statement(cast):
    return ChangeStatementFactory(dialogue=cast.dialogue, level=Level.TEAM)


def _url(name, statement, **kwargs):
    return reverse(
        f"dialogues:{name}",
        kwargs={"dialogue_id": statement.dialogue_id, "statement_id": statement.pk, **kwargs},
    )


def _indicator(statement, *, measure=Indicator.Measure.MANUAL, name="Briefings held"):
    return Indicator.objects.create(
        statement=statement,
        name=name,
        measure=measure,
        baseline=Decimal(0),
        baseline_on=dt.date(2026, 1, 1),
        target=Decimal(4),
        direction=Indicator.Direction.INCREASE,
        target_on=dt.date(2027, 1, 1),
    )


def indicator_data(**overrides):
    return {
        "name": "Options briefed to officials",
        "unit": "options",
        "measure": "manual",
        "baseline": "0",
        "baseline_on": "2026-01-01",
        "target": "6",
        "direction": "increase",
        "target_on": "2027-06-30",
        **overrides,
    }


def test_publishing_with_a_wording_makes_the_statement_publishable(cast, client_for, statement):
    response = client_for(cast["organizer"]).post(
        _url("theory-publishing", statement),
        {"publishable": "on", "funder_wording": "Officials hear new options"},
        follow=True,
    )

    statement.refresh_from_db()
    assert (statement.publishable, statement.funder_wording) == (
        True,
        "Officials hear new options",
    )
    assert "Saved. Reports built from now on follow this choice." in response.content.decode()


def test_publishing_without_a_wording_is_refused_and_keeps_the_choice_typed(
    cast, client_for, statement
):
    response = client_for(cast["organizer"]).post(
        _url("theory-publishing", statement), {"publishable": "on", "funder_wording": "  "}
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Write the wording funders will read before making the statement publishable." in html
    assert 'id="id_publishable" checked' in html
    assert ChangeStatement.objects.get(pk=statement.pk).publishable is False


def test_indicator_add_creates_it_on_the_statement(cast, client_for, statement):
    response = client_for(cast["organizer"]).post(
        _url("indicator-add", statement), indicator_data()
    )

    assert response.status_code == 302
    assert list(
        Indicator.objects.filter(statement=statement).values_list("name", "target", "target_on")
    ) == [("Options briefed to officials", Decimal("6.00"), dt.date(2027, 6, 30))]


def test_trust_indicator_without_a_side_is_refused_with_what_was_typed(cast, client_for, statement):
    response = client_for(cast["organizer"]).post(
        _url("indicator-add", statement), indicator_data(measure="trust", name="Trust North")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Choose the side whose mean trust this indicator follows." in html
    assert 'value="Trust North"' in html
    assert not Indicator.objects.filter(statement=statement).exists()


def test_indicator_target_date_before_baseline_is_refused(cast, client_for, statement):
    response = client_for(cast["organizer"]).post(
        _url("indicator-add", statement), indicator_data(target_on="2025-12-31")
    )

    assert response.status_code == 422
    assert "The target date must come after the baseline date." in response.content.decode()


def test_trust_indicator_of_a_side_is_created(cast, client_for, statement):
    north = SideFactory(dialogue=cast.dialogue, name="North")

    client_for(cast["organizer"]).post(
        _url("indicator-add", statement),
        indicator_data(measure="trust", side=str(north.pk), target="4", baseline="2.5"),
    )

    assert list(Indicator.objects.values_list("measure", "side")) == [("trust", north.pk)]


def test_value_recorded_on_a_manual_indicator_shows_on_the_page(cast, client_for, statement):
    indicator = _indicator(statement)
    client = client_for(cast["organizer"])

    client.post(
        _url("indicator-value-add", statement, indicator_id=indicator.pk),
        {"measured_on": "2026-06-30", "value": "2", "note": "two briefings in Geneva"},
    )
    page = client.get(_url("theory-results", statement)).content.decode()

    assert list(IndicatorValue.objects.values_list("measured_on", "value")) == [
        (dt.date(2026, 6, 30), Decimal("2.00"))
    ]
    assert "two briefings in Geneva" in page


def test_value_on_a_counted_indicator_is_refused(cast, client_for, statement):
    indicator = _indicator(statement, measure=Indicator.Measure.OUTCOMES, name="Outcomes")
    _indicator(statement, name="Briefings held")

    response = client_for(cast["organizer"]).post(
        _url("indicator-value-add", statement, indicator_id=indicator.pk),
        {"measured_on": "2026-06-30", "value": "2", "note": ""},
    )

    assert response.status_code == 422
    assert (
        "This indicator is counted from what the team records; it takes no typed values."
        in response.content.decode()
    )
    assert not IndicatorValue.objects.exists()


def test_facilitator_reads_indicators_without_the_organizer_forms(cast, client_for, statement):
    _indicator(statement)

    html = client_for(cast["facilitator"]).get(_url("theory-results", statement)).content.decode()

    assert "Briefings held" in html
    assert [f for f in ("theory-publishing", "indicators/add", "values/add") if f in html] == []
    assert "/publishing/" not in html


@pytest.mark.parametrize("size", [2, 20])
def test_results_page_query_count_is_fixed(
    size, cast, client_for, statement, django_assert_num_queries
):
    for i in range(size):
        indicator = _indicator(statement, name=f"Indicator {i}")
        IndicatorValue.objects.create(
            indicator=indicator, measured_on=dt.date(2026, 3, 1), value=Decimal(i)
        )
    client = client_for(cast["organizer"])

    # 2 (user, membership), the statement, indicators with their sides, their values,
    # the sides for the new indicator's form
    with django_assert_num_queries(6):
        response = client.get(_url("theory-results", statement))

    assert response.content.decode().count("Record value") == size
