"""Results against the theory of change in funder reports: which statements are shown and
in whose words, indicator values and progress, k-suppression, and no confidential word."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from facilitation.models import Outcome, Transfer
from reports import services, tasks
from reports.models import Report
from reports.release import resuppress
from reports.results import BEHIND, NO_VALUE, ON_TRACK, REACHED, progress
from tests.factories import ChangeStatementFactory
from tests.reports.conftest import option
from trackii.privacy.levels import Level

STATEMENT_CANARIES = [
    "CANARY-STATEMENT-IF",
    "CANARY-STATEMENT-THEN",
    "CANARY-STATEMENT-BECAUSE",
    "CANARY-STATEMENT-ASSUMPTIONS",
    "CANARY-HIDDEN-WORDING",
    "CANARY-VALUE-NOTE",
    "CANARY-OUTCOME-TEXT",
]

BASE = dt.date(2026, 1, 1)
TARGET = dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("direction", "value", "on", "expected"),
    [
        # increase from 0 to 10 over the year: half way by 2 Jul
        ("increase", "10", dt.date(2026, 3, 1), REACHED),
        ("increase", "12", TARGET + dt.timedelta(days=30), REACHED),
        ("increase", "6", dt.date(2026, 7, 2), ON_TRACK),
        ("increase", "2", dt.date(2026, 7, 2), BEHIND),
        ("increase", "9", TARGET, BEHIND),
        ("increase", None, dt.date(2026, 7, 2), NO_VALUE),
        # decrease from 10 to 0 over the year
        ("decrease", "0", dt.date(2026, 3, 1), REACHED),
        ("decrease", "4", dt.date(2026, 7, 2), ON_TRACK),
        ("decrease", "8", dt.date(2026, 7, 2), BEHIND),
        ("decrease", "1", TARGET + dt.timedelta(days=1), BEHIND),
        # reach exactly 5 from 0 over the year
        ("reach", "5", dt.date(2026, 2, 1), REACHED),
        ("reach", "4", dt.date(2026, 7, 2), ON_TRACK),
        ("reach", "8", dt.date(2026, 7, 2), BEHIND),
        ("reach", "4", TARGET + dt.timedelta(days=1), BEHIND),
    ],
)
def test_progress_follows_direction_and_target_date(direction, value, on, expected):
    baseline, target = {
        "increase": ("0", "10"),
        "decrease": ("10", "0"),
        "reach": ("0", "5"),
    }[direction]

    result = progress(
        direction=direction,
        baseline=Decimal(baseline),
        baseline_on=BASE,
        target=Decimal(target),
        target_on=TARGET,
        value=None if value is None else Decimal(value),
        on=on,
    )

    assert result == expected


def _statement(dialogue, *, publishable, wording, prefix="CANARY-STATEMENT"):
    statement = ChangeStatementFactory(
        dialogue=dialogue,
        level=Level.TEAM,
        if_text=f"{prefix}-IF",
        then_text=f"{prefix}-THEN",
        because_text=f"{prefix}-BECAUSE",
        assumptions=f"{prefix}-ASSUMPTIONS",
    )
    ChangeStatement.objects.filter(pk=statement.pk).update(
        publishable=publishable, funder_wording=wording
    )
    return statement


def _indicator(statement, name, *, measure, side=None, baseline="0", target="10"):
    return Indicator.objects.create(
        statement=statement,
        name=name,
        unit="",
        measure=measure,
        side=side,
        baseline=Decimal(baseline),
        baseline_on=dt.date(2026, 1, 1),
        target=Decimal(target),
        direction=Indicator.Direction.INCREASE,
        target_on=dt.date(2027, 6, 30),
    )


def _outcome(dialogue, statement, *, significance, verified, observed_on=dt.date(2026, 10, 15)):
    return Outcome.objects.create(
        dialogue=dialogue,
        level=Level.REPORTABLE,
        who_kind=Outcome.WhoKind.GROUP,
        what_changed="CANARY-OUTCOME-TEXT",
        observed_on=observed_on,
        significance=significance,
        statement=statement,
        verified=verified,
        publishable=True,
    )


@pytest.fixture
def theory(cast, data):
    """One publishable statement with four indicators, one team-only statement, outcomes
    against the first and an option transferred in the period."""
    dialogue = cast.dialogue
    shown = _statement(dialogue, publishable=True, wording="Officials hear new options")
    hidden = _statement(
        dialogue, publishable=False, wording="CANARY-HIDDEN-WORDING", prefix="CANARY-HIDDEN"
    )
    _indicator(shown, "Outcomes harvested", measure=Indicator.Measure.OUTCOMES)
    typed = _indicator(shown, "Briefings held", measure=Indicator.Measure.MANUAL, target="4")
    IndicatorValue.objects.create(
        indicator=typed, measured_on=dt.date(2026, 9, 30), value=1, note="CANARY-VALUE-NOTE"
    )
    IndicatorValue.objects.create(indicator=typed, measured_on=dt.date(2026, 11, 30), value=3)
    IndicatorValue.objects.create(indicator=typed, measured_on=dt.date(2027, 2, 1), value=9)
    _indicator(
        shown, "Trust North", measure=Indicator.Measure.TRUST, side=data["north"], target="4.5"
    )
    _indicator(
        shown, "Trust South", measure=Indicator.Measure.TRUST, side=data["south"], target="4.5"
    )
    _indicator(hidden, "CANARY-HIDDEN-INDICATOR", measure=Indicator.Measure.OUTCOMES)
    _outcome(dialogue, shown, significance=Outcome.Significance.HIGH, verified=True)
    _outcome(dialogue, shown, significance=Outcome.Significance.HIGH, verified=False)
    _outcome(dialogue, shown, significance=Outcome.Significance.LOW, verified=False)
    # Before the period: counts toward the indicator's value, not the period's evidence.
    _outcome(
        dialogue,
        shown,
        significance=Outcome.Significance.LOW,
        verified=True,
        observed_on=dt.date(2026, 5, 1),
    )
    _outcome(dialogue, hidden, significance=Outcome.Significance.HIGH, verified=True)
    Transfer.objects.create(
        dialogue=dialogue,
        option=option(dialogue, data["session"], "Water talks"),
        transferred_on=dt.date(2026, 10, 25),
        channel="paper",
        recipient_kind="mediator",
        level=Level.REPORTABLE,
    )
    return {"shown": shown, "hidden": hidden}


def _report(cast, capture, *, title="Q4 2026", starts_on, ends_on):
    with capture(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title=title,
            period_kind=Report.Period.RANGE,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    return Report.objects.get(pk=report.pk)


def _q4(cast, capture):
    return _report(cast, capture, starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 12, 31))


def _publish(cast, report, capture):
    with capture(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    return Report.objects.get(pk=report.pk)


def test_snapshot_holds_the_publishable_statement_in_funder_words_only(
    cast, theory, django_capture_on_commit_callbacks
):
    report = _q4(cast, django_capture_on_commit_callbacks)

    results = report.snapshot["results"]
    assert [(s["id"], s["wording"]) for s in results["statements"]] == [
        (theory["shown"].pk, "Officials hear new options")
    ]
    assert [i["name"] for i in results["statements"][0]["indicators"]] == [
        "Outcomes harvested",
        "Briefings held",
        "Trust North",
        "Trust South",
    ]


def test_snapshot_evidence_counts_the_period_outcomes_by_significance(
    cast, theory, django_capture_on_commit_callbacks
):
    report = _q4(cast, django_capture_on_commit_callbacks)

    results = report.snapshot["results"]
    assert results["statements"][0]["outcomes"] == [
        {"significance": "Low", "count": 1, "verified": 0, "unverified": 1},
        {"significance": "High", "count": 2, "verified": 1, "unverified": 1},
    ]
    assert results["options_transferred"] == 1


def test_snapshot_indicator_values_at_period_end_with_progress(
    cast, theory, django_capture_on_commit_callbacks
):
    report = _q4(cast, django_capture_on_commit_callbacks)

    indicators = report.snapshot["results"]["statements"][0]["indicators"]
    assert [(i["name"], i["value"], i["n"], i["progress"]) for i in indicators] == [
        # four outcomes up to 31 Dec against 10 by mid-2027: a straight line wants about 6.7
        ("Outcomes harvested", 4, None, BEHIND),
        # the last typed value on or before 31 Dec; the February one is later
        ("Briefings held", 3, None, ON_TRACK),
        ("Trust North", 4.0, 6, ON_TRACK),
        # three readings, k = 5: the mean is not shown
        ("Trust South", None, "fewer than 5", NO_VALUE),
    ]


def test_raising_k_hides_a_trust_indicator_already_frozen(
    cast, theory, django_capture_on_commit_callbacks
):
    report = _q4(cast, django_capture_on_commit_callbacks)

    shown = resuppress(report.snapshot, 7)

    north = shown["results"]["statements"][0]["indicators"][2]
    assert (north["name"], north["value"], north["n"], north["progress"]) == (
        "Trust North",
        None,
        "fewer than 7",
        NO_VALUE,
    )


def test_confidential_statement_words_appear_in_no_snapshot_page_or_pdf(
    cast, theory, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _q4(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    tasks.report_render_pdf(report.pk)
    pdf = bytes(Report.objects.values_list("pdf", flat=True).get(pk=report.pk))
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    url = reverse("reports:detail", args=[cast.dialogue.pk, report.pk])
    funder_page = client_for(cast["funder"]).get(url).content.decode()
    organizer_page = client_for(cast["organizer"]).get(url).content.decode()

    seen = {
        "snapshot": json.dumps(report.snapshot),
        "pdf": pdf_text,
        "funder page": funder_page,
        "organizer page": organizer_page,
    }
    assert "Officials hear new options" in pdf_text
    assert "Officials hear new options" in funder_page
    assert {
        where: [c for c in [*STATEMENT_CANARIES, "CANARY-HIDDEN"] if c in text]
        for where, text in seen.items()
    } == {where: [] for where in seen}


def test_funder_page_shows_results_with_a_chart_and_table_over_the_reports(
    cast, theory, client_for, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    _publish(
        cast,
        _report(
            cast,
            capture,
            title="Q3 2026",
            starts_on=dt.date(2026, 7, 1),
            ends_on=dt.date(2026, 9, 30),
        ),
        capture,
    )
    q4 = _q4(cast, capture)
    services.report_update_narrative(
        actor=cast["organizer"], report=q4, narrative="What the figures mean."
    )
    report = _publish(cast, q4, capture)

    page = client_for(cast["funder"]).get(
        reverse("reports:detail", args=[cast.dialogue.pk, report.pk])
    )

    html = page.content.decode()
    results = html[html.index('id="results-heading"') : html.index('id="activity-heading"')]
    assert "Results against the theory of change" in results
    assert "Officials hear new options" in results
    typed = results[results.index('id="indicator-chart-') :]
    assert results.count('<svg class="chart"') == 3  # the South mean is never shown
    assert "Briefings held" in results
    briefings = results[results.index("Briefings held</bdi> across the reports") :]
    rows = briefings[: briefings.index("</tbody>")]
    assert [r in rows for r in ("Q3 2026", "2026-09-30", "Q4 2026", "2026-12-31")] == [True] * 4
    assert rows.index("2026-09-30") < rows.index("2026-12-31")
    # 1 by September, 3 by December, of 4 by mid-2027
    assert rows.index("Behind") < rows.index("On track")
    assert "not shown (fewer than 5 readings)" in results
    assert typed.index("<title") < typed.index("</svg>")
    assert html.index('id="results-heading"') < html.index('id="narrative-heading"')


@pytest.mark.parametrize("earlier", [0, 3])
def test_report_detail_with_results_query_count_is_fixed(
    cast, theory, client_for, django_assert_num_queries, django_capture_on_commit_callbacks, earlier
):
    capture = django_capture_on_commit_callbacks
    for month in range(1, earlier + 1):
        _publish(
            cast,
            _report(
                cast,
                capture,
                title=f"Month {month}",
                starts_on=dt.date(2026, month, 1),
                ends_on=dt.date(2026, month, 28),
            ),
            capture,
        )
    report = _publish(cast, _q4(cast, capture), capture)
    client = client_for(cast["funder"])

    # user, membership, the report, the dialogue's published reports (no spending lines
    # here, so no funder lookup)
    with django_assert_num_queries(4):
        response = client.get(reverse("reports:detail", args=[cast.dialogue.pk, report.pk]))

    # trust and belief, and three of the four indicators (the South mean is never shown)
    assert response.content.decode().count('<svg class="chart"') == 5
