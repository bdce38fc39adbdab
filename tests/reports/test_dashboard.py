"""The funder dashboard: trends across published reports (from their frozen snapshots),
and the funder's own funding periods and reports due."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from dialogues.models import FunderContact, Funding
from reports.models import Report
from reports.selectors import trends
from tests.factories import (
    FunderFactory,
    FundingFactory,
    MembershipFactory,
    ReportingObligationFactory,
    UserFactory,
)
from trackii.privacy.roles import Role

STATES = ["Floated", "Explored", "Refined", "Supported", "Transferred", "Adopted", "Shelved"]


def _cell(side, n, trust):
    return {"side": side, "n": n, "trust": trust, "belief": trust}


def _snapshot(ends_on, rounds, funnel):
    return {
        "period": {"kind": "range", "starts_on": None, "ends_on": ends_on},
        "trust_trend": {
            "sides": ["North", "South"],
            "rounds": [{"round": f"Round {i + 1}", "cells": c} for i, c in enumerate(rounds)],
        },
        "options": {"states": STATES, "funnel": funnel, "by_topic": [], "titles": []},
    }


def _published(dialogue, title, snapshot, days_ago):
    return Report.objects.create(
        dialogue=dialogue,
        title=title,
        status=Report.Status.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        snapshot=snapshot,
    )


def _two_reports(dialogue):
    # Published in the other order than their periods: trends follow the periods.
    _published(
        dialogue,
        "Autumn",
        _snapshot(
            "2026-10-31",
            [
                [_cell("North", 5, 4.0), _cell("South", 5, 2.0)],
                [_cell("North", 15, 5.0), _cell("South", "fewer than 5", None)],
            ],
            [4, 3, 2, 1, 1, 0, 1],
        ),
        days_ago=1,
    )
    _published(
        dialogue,
        "Spring",
        _snapshot(
            "2026-04-30",
            [[_cell("North", 6, 3.0), _cell("South", "fewer than 5", None)]],
            [2, 1, 0, 0, 0, 0, 0],
        ),
        days_ago=2,
    )
    Report.objects.create(
        dialogue=dialogue,
        title="Draft",
        status=Report.Status.READY,
        snapshot=_snapshot("2026-12-31", [[_cell("North", 9, 1.0)]], [9] * 7),
    )


def _dashboard(client):
    return client.get(reverse("reports:funder-dashboard"))


def test_trends_follow_the_periods_and_keep_suppressed_means_out(cast, client_for):
    _two_reports(cast.dialogue)

    t = _dashboard(client_for(cast["funder"])).context["rows"][0]["trends"]

    assert [(line["title"], line["label"]) for line in t["trust_table"]] == [
        ("Spring", "2026-04-30"),
        ("Autumn", "2026-10-31"),
    ]
    assert t["sides"] == ["North", "South"]
    assert t["trust"] == [[3.0, None], [4.8, 2.0]]  # Autumn, North: (5 * 4 + 15 * 5) / 20
    assert [line["values"] for line in t["options_table"]] == [
        [2, 1, 0, 0, 0, 0, 0],
        [4, 3, 2, 1, 1, 0, 1],
    ]


def test_dashboard_draws_both_trends_as_svg_with_text_alternatives(cast, client_for):
    _two_reports(cast.dialogue)

    body = _dashboard(client_for(cast["funder"])).content.decode()

    pk = cast.dialogue.pk
    assert f'aria-labelledby="trust-trend-{pk}-title trust-trend-{pk}-desc"' in body
    assert f'aria-labelledby="options-trend-{pk}-title options-trend-{pk}-desc"' in body
    assert "Mean trust per side in each published report" in body
    assert "<td>not shown</td>" in body
    assert "style=" not in body
    assert "Draft" not in body


def test_trends_do_not_move_when_live_data_changes(cast, data, client_for):
    _two_reports(cast.dialogue)
    client = client_for(cast["funder"])
    before = _dashboard(client).context["rows"][0]["trends"]["trust"]

    from tests.reports.conftest import readings

    readings(data["session"], data["south"], [5] * 20)

    assert _dashboard(client).context["rows"][0]["trends"]["trust"] == before


def test_trends_without_reports_are_empty():
    assert trends([]) == {
        "reports": [],
        "sides": [],
        "trust": [],
        "trust_table": [],
        "trust_chart": None,
        "states": [],
        "options_table": [],
        "options_chart": None,
    }


def test_funder_sees_its_own_funding_periods_and_reports_due_only(cast, client_for):
    ours = FunderFactory(name="Alpine Trust")
    FunderContact.objects.create(dialogue=cast.dialogue, funder=ours, user=cast["funder"])
    mine = FundingFactory(
        dialogue=cast.dialogue,
        funder=ours,
        amount=Decimal("120000"),
        status=Funding.Status.GRANTED,
        conditions="CANARY-CONDITIONS",
        legitimacy_risk="CANARY-RISK",
    )
    theirs = FundingFactory(
        dialogue=cast.dialogue,
        funder=FunderFactory(name="CANARY-OTHER-FUNDER"),
        amount=Decimal("777777"),
        status=Funding.Status.GRANTED,
    )
    FundingFactory(
        dialogue=cast.dialogue, funder=ours, amount=Decimal("555"), status=Funding.Status.PROSPECT
    )
    ReportingObligationFactory(
        funding=mine, description="Interim report", due_on=dt.date(2026, 12, 1)
    )
    ReportingObligationFactory(
        funding=mine, description="Sent already", due_on=dt.date(2026, 6, 1), done=True
    )
    ReportingObligationFactory(
        funding=theirs, description="CANARY-THEIR-OBLIGATION", due_on=dt.date(2026, 12, 2)
    )

    response = _dashboard(client_for(cast["funder"]))

    row = response.context["rows"][0]
    body = response.content.decode()
    assert [(f["amount"], f["status_label"]) for f in row["fundings"]] == [
        (Decimal("120000.00"), "Granted")
    ]
    assert [(o["due_on"], o["description"]) for o in row["due"]] == [
        (dt.date(2026, 12, 1), "Interim report")
    ]
    assert "€120,000.00" in body
    leaks = ("CANARY", "777777", "777,777", "555.00", "Sent already")
    assert [c for c in leaks if c in body] == []


def test_funder_not_linked_to_a_funder_sees_no_funding(cast, client_for):
    FundingFactory(dialogue=cast.dialogue, amount=Decimal("777777"), status="granted")
    unlinked = UserFactory()
    MembershipFactory(dialogue=cast.dialogue, user=unlinked, role=Role.FUNDER)

    response = _dashboard(client_for(unlinked))

    assert response.context["rows"][0]["fundings"] == []
    assert "the organizers have not linked you" in response.content.decode()
    assert "777,777" not in response.content.decode()


def test_dashboard_tells_reports_apart_by_title_and_period(cast, client_for):
    q3 = _snapshot("2026-09-30", [], [0] * 7)
    q3["period"]["starts_on"] = "2026-07-01"
    winter = _snapshot("2026-01-31", [], [0] * 7)
    winter["period"]["starts_on"] = "2025-11-01"
    _published(cast.dialogue, "Q3 2026", q3, days_ago=1)
    _published(cast.dialogue, "Winter", winter, days_ago=1)
    _published(cast.dialogue, "So far", _snapshot("2026-10-31", [], [0] * 7), days_ago=1)

    body = _dashboard(client_for(cast["funder"])).content.decode()

    periods = [
        '<bdi>Q3 2026</bdi></a>, <span class="report-period">1 Jul – 30 Sep 2026</span>',
        '<bdi>Winter</bdi></a>, <span class="report-period">1 Nov 2025 – 31 Jan 2026</span>',
        '<bdi>So far</bdi></a>, <span class="report-period">to 31 Oct 2026</span>',
    ]
    assert [p for p in periods if p not in body] == []
