"""Option titles in reports: only those an organizer marked publishable, chosen on the
report's review page."""

import datetime as dt

from django.urls import reverse

from facilitation.models import Option
from reports import services
from reports.models import Report
from tests.reports.conftest import option
from trackii.privacy.levels import Level


def _create(cast, capture, **kwargs):
    fields = {"title": "Autumn report", "period_kind": Report.Period.WHOLE, **kwargs}
    with capture(execute=True):
        report = services.report_create(actor=cast["organizer"], dialogue=cast.dialogue, **fields)
    report.refresh_from_db()
    return report


def _publish(cast, report, capture):
    with capture(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    report.refresh_from_db()
    return report


def _url(name, report):
    return reverse(f"reports:{name}", args=[report.dialogue_id, report.pk])


def test_funder_reads_a_publishable_title_and_never_the_others(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    option(
        cast.dialogue,
        data["session"],
        "Joint water commission",
        states=("floated", "explored"),
        publishable=True,
    )
    option(
        cast.dialogue,
        data["session"],
        "CANARY-TEAM-PUBLISHABLE",
        level=Level.TEAM,
        publishable=True,
    )
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )

    body = client_for(cast["funder"]).get(_url("detail", report)).content.decode()

    assert report.snapshot["options"]["titles"] == [
        {"title": "Joint water commission", "state": "Explored"}
    ]
    assert "Joint water commission" in body
    assert [c for c in ("CANARY-OPTION-TITLE", "CANARY-TEAM") if c in body] == []


def test_without_publishable_options_no_title_is_shown(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )

    body = client_for(cast["funder"]).get(_url("detail", report)).content.decode()

    assert report.snapshot["options"]["titles"] == []
    assert "No option title has been released for this report." in body
    assert "CANARY-OPTION-TITLE" not in body


def test_review_page_lists_the_period_reportable_options_with_checkboxes(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    before = option(
        cast.dialogue,
        data["session"],
        "Floated last year",
        at=dt.datetime(2025, 1, 5, tzinfo=dt.UTC),
    )
    report = _create(
        cast,
        django_capture_on_commit_callbacks,
        period_kind=Report.Period.RANGE,
        starts_on=dt.date(2026, 10, 1),
        ends_on=dt.date(2026, 10, 31),
    )

    response = client_for(cast["organizer"]).get(_url("detail", report))

    listed = [o.title for o in response.context["period_options"]]
    assert listed == ["CANARY-OPTION-TITLE", "CANARY-OPTION-TITLE-2"]
    assert f'value="{before.pk}"' not in response.content.decode()
    assert "CANARY-TEAM-OPTION" not in response.content.decode()


def test_organizer_ticks_a_title_and_the_rebuilt_report_shows_it(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    first, second = Option.objects.filter(level=Level.REPORTABLE).order_by("pk")
    Option.objects.filter(pk=second.pk).update(publishable=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast["organizer"]).post(
            _url("option-titles", report), {"publishable": [first.pk]}, follow=True
        )

    report.refresh_from_db()
    assert "Option titles saved. The figures are computed again with them." in (
        response.content.decode()
    )
    assert set(Option.objects.filter(publishable=True)) == {first}
    assert report.snapshot["options"]["titles"] == [
        {"title": "CANARY-OPTION-TITLE", "state": "Explored"}
    ]


def test_ticking_a_team_option_answers_422_and_changes_nothing(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    team = Option.objects.get(level=Level.TEAM)

    response = client_for(cast["organizer"]).post(
        _url("option-titles", report), {"publishable": [team.pk]}
    )

    assert response.status_code == 422
    assert "no longer in this report&#x27;s period" in response.content.decode()
    assert Option.objects.filter(publishable=True).count() == 0


def test_option_titles_of_a_published_report_are_refused(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _publish(
        cast, _create(cast, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    first = Option.objects.filter(level=Level.REPORTABLE).order_by("pk").first()

    response = client_for(cast["organizer"]).post(
        _url("option-titles", report), {"publishable": [first.pk]}, follow=True
    )

    assert "This report is published and can no longer be changed." in response.content.decode()
    assert Option.objects.filter(publishable=True).count() == 0


def test_service_leaves_options_of_another_dialogue_alone(
    cast, data, django_capture_on_commit_callbacks
):
    from tests.factories import RoundFactory, SessionFactory

    other_session = SessionFactory(round=RoundFactory(dialogue=cast.other_dialogue))
    foreign = option(cast.other_dialogue, other_session, "Foreign option")
    report = _create(cast, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_set_option_titles(
            actor=cast["organizer"], report=report, publishable=[foreign.pk]
        )

    foreign.refresh_from_db()
    assert foreign.publishable is False
