"""The release rule across reports: no single contribution can be recovered by comparing
the reports a funder can read (reports.release, docs/threat-model.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dialogues.models import Dialogue
from reports import services
from reports.models import Report
from reports.release import WITHHELD, resuppress
from reports.selectors import trends
from tests.factories import RoundFactory, SessionFactory, SideFactory
from tests.reports.conftest import AT, attend, readings


@pytest.fixture
def low_k(cast):
    """JUNIPER with k = 2 (the attacker's setting) and two readings of one side."""
    Dialogue.objects.filter(pk=cast.dialogue.pk).update(k_threshold=2)
    cast.dialogue.refresh_from_db()
    side = SideFactory(dialogue=cast.dialogue, name="North")
    round_ = RoundFactory(
        dialogue=cast.dialogue, starts_on=AT.date(), ends_on=AT.date() + dt.timedelta(days=1)
    )
    session = SessionFactory(round=round_, starts_at=AT, ends_at=AT + dt.timedelta(hours=2))
    readings(session, side, [4, 4])
    return {"side": side, "round": round_, "session": session}


def build(cast, capture, **fields):
    fields = {"title": "Report", "period_kind": Report.Period.WHOLE, **fields}
    with capture(execute=True):
        report = services.report_create(actor=cast["organizer"], dialogue=cast.dialogue, **fields)
    report.refresh_from_db()
    return report


def publish(cast, report, capture):
    with capture(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    report.refresh_from_db()
    return report


def north_cell(report):
    (rnd,) = report.snapshot["trust_trend"]["rounds"]
    (cell,) = [c for c in rnd["cells"] if c["side"] == "North"]
    return cell


def test_two_reports_one_reading_apart_do_not_give_the_reading_away(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = publish(cast, build(cast, capture), capture)
    readings(low_k["session"], low_k["side"], [1])  # the reading the attacker wants

    second = build(cast, capture)

    assert north_cell(first) == {"side": "North", "n": 2, "trust": 4.0, "belief": 4.0}
    assert north_cell(second) == {"side": "North", "n": WITHHELD, "trust": None, "belief": None}


def test_a_difference_of_k_readings_or_more_is_released(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish(cast, build(cast, capture), capture)
    readings(low_k["session"], low_k["side"], [1, 2])

    second = build(cast, capture)

    assert north_cell(second) == {"side": "North", "n": 4, "trust": 2.8, "belief": 2.8}


def test_the_same_readings_in_an_overlapping_period_are_released_again(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish(cast, build(cast, capture), capture)

    by_round = build(cast, capture, period_kind=Report.Period.ROUND, round=low_k["round"])

    assert north_cell(by_round) == {"side": "North", "n": 2, "trust": 4.0, "belief": 4.0}


def test_a_round_report_one_reading_apart_from_a_published_range_report_is_withheld(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    publish(
        cast,
        build(
            cast,
            capture,
            period_kind=Report.Period.RANGE,
            starts_on=AT.date(),
            ends_on=AT.date(),
        ),
        capture,
    )
    next_day = AT + dt.timedelta(days=1)
    later = SessionFactory(
        round=low_k["round"], starts_at=next_day, ends_at=next_day + dt.timedelta(hours=2)
    )
    readings(later, low_k["side"], [5])

    by_round = build(cast, capture, period_kind=Report.Period.ROUND, round=low_k["round"])

    assert north_cell(by_round)["n"] == WITHHELD


def test_attendance_one_person_apart_is_withheld_with_its_total(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    attend(low_k["round"], low_k["side"], 3)
    publish(cast, build(cast, capture), capture)
    attend(low_k["round"], low_k["side"], 1, prefix="Latecomer")

    second = build(cast, capture)

    assert second.snapshot["attendance"]["by_side"] == [["North", WITHHELD]]
    assert second.snapshot["attendance"]["total"] is None


def test_publishing_a_report_built_before_another_was_published_is_refused(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    first = build(cast, capture)
    readings(low_k["session"], low_k["side"], [1])
    second = build(cast, capture)
    publish(cast, first, capture)

    with pytest.raises(ValidationError) as refused:
        services.report_publish(actor=cast["organizer"], report=second)

    assert "Rebuild this report before publishing it." in refused.value.messages[0]
    second.refresh_from_db()
    assert second.status == Report.Status.READY


def test_raising_k_re_suppresses_a_published_report_at_once(
    cast, low_k, client_for, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report = publish(cast, build(cast, capture), capture)
    Dialogue.objects.filter(pk=cast.dialogue.pk).update(k_threshold=5)

    response = client_for(cast["funder"]).get(
        reverse("reports:detail", args=[cast.dialogue.pk, report.pk])
    )

    (rnd,) = response.context["snap"]["trust_trend"]["rounds"]
    assert [c for c in rnd["cells"] if c["side"] == "North"] == [
        {"side": "North", "n": "fewer than 5", "trust": None, "belief": None}
    ]
    assert "4.0" not in response.text


def test_raising_k_leaves_the_report_out_of_the_dashboard_trend(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report = publish(cast, build(cast, capture), capture)
    rows = [
        {
            "pk": report.pk,
            "title": report.title,
            "published_at": report.published_at,
            "snapshot": report.snapshot,
        }
    ]

    assert trends(rows, k=2)["trust"] == [[4.0]]
    assert trends(rows, k=5)["trust"] == [[None]]


def test_raising_k_draws_the_pdf_again_before_it_is_downloaded(
    cast, low_k, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    report = publish(cast, build(cast, capture), capture)
    assert report.pdf_ready
    Dialogue.objects.filter(pk=cast.dialogue.pk).update(k_threshold=5)
    report = Report.objects.select_related("dialogue").get(pk=report.pk)

    with capture(execute=True):
        first_try = services.report_pdf_download(actor=cast["funder"], report=report)
    report = Report.objects.select_related("dialogue").get(pk=report.pk)

    assert first_try is None
    assert (report.pdf_ready, report.pdf_k) == (True, 5)


def test_resuppress_withholds_a_total_beside_a_newly_hidden_cell():
    snapshot = {
        "k": 2,
        "attendance": {"by_side": [["A", 3], ["B", 9]], "by_kind": [["x", 12]], "total": 12},
    }

    shown = resuppress(snapshot, 5)

    assert shown["attendance"] == {
        "by_side": [["A", "fewer than 5"], ["B", 9]],
        "by_kind": [["x", 12]],
        "total": None,
    }
    assert snapshot["attendance"]["by_side"] == [["A", 3], ["B", 9]]  # the frozen copy stays


def test_a_withdrawn_report_still_counts_for_the_release_rule(
    cast,
    low_k,
    django_capture_on_commit_callbacks,
):
    """A funder may have kept what they read before the withdrawal: a later report one
    reading apart must still not give that reading away."""
    capture = django_capture_on_commit_callbacks
    first = publish(cast, build(cast, capture), capture)
    services.report_withdraw(actor=cast["organizer"], report=first)
    readings(low_k["session"], low_k["side"], [1])

    second = build(cast, capture)

    assert north_cell(second) == {"side": "North", "n": WITHHELD, "trust": None, "belief": None}
