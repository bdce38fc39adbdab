"""Reporting obligations: added inline (htmx) or on their own page, edited, marked done."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogues.models import ReportingObligation
from tests.factories import FundingFactory, ReportingObligationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, dialogue, **kwargs):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_id": dialogue.pk, **kwargs})


def in_days(days):
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.fixture
def funding(cast):
    return FundingFactory(dialogue=cast.dialogue)


def test_obligation_create_without_js_redirects_to_its_funding(cast, client_for, funding):
    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "Final report", "due_on": "2027-01-31"},
    )

    assert response.url == f"{url('funding-list', cast.dialogue)}#funding-{funding.pk}"
    assert list(funding.obligations.values_list("description", "due_on", "done")) == [
        ("Final report", dt.date(2027, 1, 31), False)
    ]


def test_obligation_create_with_htmx_answers_the_obligations_fragment(cast, client_for, funding):
    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "Interim report", "due_on": in_days(5).isoformat()},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<div id="obligations-{funding.pk}">')
    assert '<th scope="row">Interim report</th>' in body
    assert '<section class="card" id="obligations-due"' in body
    assert 'hx-swap-oob="true"' in body
    assert "<html" not in body


def test_obligation_create_with_htmx_and_blank_description_answers_422_fragment(
    cast, client_for, funding
):
    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "", "due_on": "2027-01-31"},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in body
    assert 'value="2027-01-31"' in body
    assert "<html" not in body
    assert ReportingObligation.objects.count() == 0


def test_obligation_create_without_js_and_overlong_description_answers_422_page(
    cast, client_for, funding
):
    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "x" * 201, "due_on": "2027-01-31"},
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert "Ensure this value has at most 200 characters (it has 201)." in body
    assert "<h1>Add a reporting obligation</h1>" in body


def test_obligation_create_without_date_answers_422(cast, client_for, funding):
    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=funding.pk),
        {"description": "Final report", "due_on": "not a date"},
    )

    assert response.status_code == 422
    assert "Enter a valid date." in response.content.decode()


def test_obligation_create_for_funding_of_another_dialogue_is_404(cast, client_for):
    elsewhere = FundingFactory(dialogue=cast.other_dialogue)

    response = client_for(cast["organizer"]).post(
        url("obligation-create", cast.dialogue, funding_id=elsewhere.pk),
        {"description": "Final report", "due_on": "2027-01-31"},
    )

    assert response.status_code == 404
    assert ReportingObligation.objects.count() == 0


def test_obligation_done_without_js_marks_it_done_and_redirects(cast, client_for, funding):
    obligation = ReportingObligationFactory(funding=funding)

    response = client_for(cast["organizer"]).post(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk), {"done": "1"}
    )

    obligation.refresh_from_db()
    assert response.url == f"{url('funding-list', cast.dialogue)}#funding-{funding.pk}"
    assert obligation.done is True


def test_obligation_done_with_htmx_answers_the_row_marked_done(cast, client_for, funding):
    obligation = ReportingObligationFactory(funding=funding, due_on=in_days(3))

    response = client_for(cast["organizer"]).post(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk), {"done": "1"}, **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert '<span class="level-badge level-badge--reportable">Done</span>' in body
    assert "Nothing is due in the next 30 days, and nothing is overdue." in body


def test_obligation_done_with_zero_opens_it_again(cast, client_for, funding):
    obligation = ReportingObligationFactory(funding=funding, done=True)

    client_for(cast["organizer"]).post(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk), {"done": "0"}
    )

    obligation.refresh_from_db()
    assert obligation.done is False


def test_obligation_done_with_unknown_value_answers_422_and_changes_nothing(
    cast, client_for, funding
):
    obligation = ReportingObligationFactory(funding=funding)

    response = client_for(cast["organizer"]).post(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk), {"done": "maybe"}
    )

    obligation.refresh_from_db()
    assert response.status_code == 422
    assert obligation.done is False


def test_obligation_done_by_get_is_not_allowed(cast, client_for, funding):
    obligation = ReportingObligationFactory(funding=funding)

    response = client_for(cast["organizer"]).get(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk)
    )

    assert response.status_code == 405


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
def test_obligation_done_by_non_organizer_is_refused(cast, client_for, funding, who, status):
    obligation = ReportingObligationFactory(funding=funding)

    response = client_for(cast[who]).post(
        url("obligation-done", cast.dialogue, obligation_id=obligation.pk), {"done": "1"}
    )

    obligation.refresh_from_db()
    assert response.status_code == status
    assert obligation.done is False


def test_obligation_edit_changes_description_date_and_done(cast, client_for, funding):
    obligation = ReportingObligationFactory(funding=funding)

    response = client_for(cast["organizer"]).post(
        url("obligation-edit", cast.dialogue, obligation_id=obligation.pk),
        {"description": "Audited accounts", "due_on": "2027-03-31", "done": "on"},
    )

    obligation.refresh_from_db()
    assert response.status_code == 302
    assert (obligation.description, obligation.due_on, obligation.done) == (
        "Audited accounts",
        dt.date(2027, 3, 31),
        True,
    )


def test_obligation_edit_with_blank_description_answers_422_and_keeps_the_date(
    cast, client_for, funding
):
    obligation = ReportingObligationFactory(funding=funding, description="Interim")

    response = client_for(cast["organizer"]).post(
        url("obligation-edit", cast.dialogue, obligation_id=obligation.pk),
        {"description": "", "due_on": "2027-03-31"},
    )

    obligation.refresh_from_db()
    assert response.status_code == 422
    assert 'value="2027-03-31"' in response.content.decode()
    assert obligation.description == "Interim"


def test_obligation_edit_of_another_dialogues_obligation_is_404(cast, client_for):
    elsewhere = ReportingObligationFactory(funding=FundingFactory(dialogue=cast.other_dialogue))

    response = client_for(cast["organizer"]).get(
        url("obligation-edit", cast.dialogue, obligation_id=elsewhere.pk)
    )

    assert response.status_code == 404
