"""obligations_due and the funding totals: what the organizers' warnings and sums rest on."""

import datetime as dt
from decimal import Decimal

from dialogues.models import Funding
from dialogues.selectors_funding import funding_totals, fundings_for_page, obligations_due
from tests.factories import FundingFactory, ReportingObligationFactory

TODAY = dt.date(2026, 5, 4)


def due_in(days, **kwargs):
    return ReportingObligationFactory(due_on=TODAY + dt.timedelta(days=days), **kwargs)


def test_obligations_due_with_obligation_due_in_10_days_includes_it(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    obligation = due_in(10, funding=funding)

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == [obligation]


def test_obligations_due_with_obligation_due_in_40_days_leaves_it_out(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    due_in(40, funding=funding)

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == []


def test_obligations_due_on_the_30th_day_includes_it(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    obligation = due_in(30, funding=funding)

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == [obligation]


def test_obligations_due_with_done_obligation_leaves_it_out(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    due_in(10, funding=funding, done=True)
    due_in(-3, funding=funding, done=True)

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == []


def test_obligations_due_with_overdue_obligation_includes_it_flagged(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    overdue = due_in(-3, funding=funding)
    soon = due_in(10, funding=funding)

    due = [(o, o.is_overdue) for o in obligations_due(cast.dialogue, today=TODAY)]

    assert due == [(overdue, True), (soon, False)]


def test_obligations_due_orders_by_due_date(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    later = due_in(20, funding=funding)
    earlier = due_in(5, funding=FundingFactory(dialogue=cast.dialogue))
    overdue = due_in(-1, funding=funding)

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == [overdue, earlier, later]


def test_obligations_due_with_other_dialogues_obligation_leaves_it_out(cast):
    due_in(10, funding=FundingFactory(dialogue=cast.other_dialogue))

    due = list(obligations_due(cast.dialogue, today=TODAY))

    assert due == []


def test_obligations_due_with_within_days_widens_the_window(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    obligation = due_in(40, funding=funding)

    due = list(obligations_due(cast.dialogue, within_days=45, today=TODAY))

    assert due == [obligation]


def test_obligations_due_reads_funder_in_the_same_query(cast, django_assert_num_queries):
    for _ in range(3):
        due_in(10, funding=FundingFactory(dialogue=cast.dialogue))

    with django_assert_num_queries(1):
        names = [o.funding.funder.name for o in obligations_due(cast.dialogue, today=TODAY)]

    assert len(names) == 3


def test_fundings_for_page_marks_each_obligation_with_its_urgency(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    due_in(-2, funding=funding, description="late")
    due_in(3, funding=funding, description="soon")
    due_in(31, funding=funding, description="later")
    due_in(-9, funding=funding, description="done", done=True)

    (row,) = fundings_for_page(cast["organizer"], cast.dialogue, today=TODAY)

    assert [(o.description, o.urgency) for o in row.obligations.all()] == [
        ("done", "done"),
        ("late", "overdue"),
        ("soon", "soon"),
        ("later", "later"),
    ]


def test_funding_totals_sum_per_status_and_currency_exactly(cast):
    for amount, currency, status in [
        ("100000.50", "EUR", Funding.Status.GRANTED),
        ("50000.25", "EUR", Funding.Status.GRANTED),
        ("20000", "USD", Funding.Status.GRANTED),
        ("75000", "EUR", Funding.Status.PROSPECT),
        ("0", "CHF", Funding.Status.DECLINED),
    ]:
        FundingFactory(
            dialogue=cast.dialogue, amount=Decimal(amount), currency=currency, status=status
        )
    FundingFactory(dialogue=cast.other_dialogue, amount=999, currency="EUR", status="granted")

    totals = funding_totals(cast["organizer"], cast.dialogue)

    assert [(r["status"], r["currency"], r["count"], r["total"]) for r in totals] == [
        ("prospect", "EUR", 1, Decimal("75000.00")),
        ("granted", "EUR", 2, Decimal("150000.75")),
        ("granted", "USD", 1, Decimal("20000.00")),
        ("declined", "CHF", 1, Decimal("0.00")),
    ]


def test_funding_totals_for_funder_member_are_empty(cast):
    FundingFactory(dialogue=cast.dialogue)

    totals = funding_totals(cast["funder"], cast.dialogue)

    assert totals == []
