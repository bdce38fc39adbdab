"""The report review's option titles come one page at a time (issue 9: no page loads an
unbounded list); a save changes the options of the page it was sent from, no others."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facilitation.models import Option
from reports import services
from reports.models import Report
from reports.views import OPTIONS_PER_PAGE
from tests.reports.conftest import option
from trackii.privacy.levels import Level

EXTRA = OPTIONS_PER_PAGE + 1  # with the two of `data`: one full page and three more


def _create(cast, capture):
    with capture(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title="Autumn report",
            period_kind=Report.Period.WHOLE,
        )
    report.refresh_from_db()
    return report


def _add_options(cast, data, n, *, start=0):
    for i in range(start, start + n):
        option(cast.dialogue, data["session"], f"Paged option {i:03}")


def _reportable():
    """The period's options in the order the review lists them."""
    return list(Option.objects.filter(level=Level.REPORTABLE).order_by("created_at", "pk"))


def _detail(report):
    return reverse("reports:detail", args=[report.dialogue_id, report.pk])


def _checkboxes(response):
    return response.content.decode().count('type="checkbox" name="publishable"')


def test_review_shows_one_page_of_options_and_a_link_to_the_next(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    _add_options(cast, data, EXTRA)
    report = _create(cast, django_capture_on_commit_callbacks)
    client = client_for(cast["organizer"])

    first = client.get(_detail(report))
    second = client.get(_detail(report), {"page": 2})

    everything = [o.title for o in _reportable()]
    assert [o.title for o in first.context["period_options"]] == everything[:OPTIONS_PER_PAGE]
    assert _checkboxes(first) == OPTIONS_PER_PAGE
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert [o.title for o in second.context["period_options"]] == everything[OPTIONS_PER_PAGE:]
    assert _checkboxes(second) == 3
    assert 'rel="next"' not in second.content.decode()


def test_saving_one_page_keeps_the_marks_of_the_other_pages(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    _add_options(cast, data, EXTRA)
    report = _create(cast, django_capture_on_commit_callbacks)
    options = _reportable()
    page_one, page_two = options[:OPTIONS_PER_PAGE], options[OPTIONS_PER_PAGE:]
    marked_before = {page_one[0].pk, page_one[1].pk, page_two[1].pk}
    Option.objects.filter(pk__in=marked_before).update(publishable=True)
    client = client_for(cast["organizer"])
    page = client.get(_detail(report), {"page": 2}).content.decode()
    shown = [int(pk) for pk in re.findall(r'name="shown" value="(\d+)"', page)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:option-titles", args=[cast.dialogue.pk, report.pk]) + "?page=2",
            {"shown": shown, "publishable": [page_two[0].pk]},
        )

    assert shown == [o.pk for o in page_two]
    assert response.status_code == 302
    assert response["Location"] == _detail(report) + "?page=2#option-choice-heading"
    assert set(Option.objects.filter(publishable=True).values_list("pk", flat=True)) == {
        page_one[0].pk,
        page_one[1].pk,
        page_two[0].pk,
    }


def test_review_filter_lists_only_the_options_marked_publishable(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    _add_options(cast, data, EXTRA)
    report = _create(cast, django_capture_on_commit_callbacks)
    options = _reportable()
    Option.objects.filter(pk__in=[options[3].pk, options[-1].pk]).update(publishable=True)

    response = client_for(cast["organizer"]).get(_detail(report), {"show": "publishable"})

    assert [o.pk for o in response.context["period_options"]] == [options[3].pk, options[-1].pk]
    assert "2 options" in response.content.decode()
    assert 'rel="next"' not in response.content.decode()


def test_review_paging_with_htmx_answers_the_option_list_alone(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    _add_options(cast, data, EXTRA)
    report = _create(cast, django_capture_on_commit_callbacks)

    response = client_for(cast["organizer"]).get(
        _detail(report), {"page": 2}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="option-review">')
    assert _checkboxes(response) == 3
    assert "Save narrative" not in body
    assert "HX-Request" in response["Vary"]


def test_a_shown_option_outside_the_period_answers_422_and_changes_nothing(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    team = Option.objects.get(level=Level.TEAM)
    reportable = _reportable()

    response = client_for(cast["organizer"]).post(
        reverse("reports:option-titles", args=[cast.dialogue.pk, report.pk]),
        {"shown": [team.pk, reportable[0].pk], "publishable": [reportable[0].pk]},
    )

    assert response.status_code == 422
    assert "no longer in this report&#x27;s period" in response.content.decode()
    assert Option.objects.filter(publishable=True).count() == 0


def _queries(client, url):
    client.get(url)  # warm: sessions and lazy setup
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_review_page_costs_the_same_queries_with_few_options_or_many(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = _create(cast, django_capture_on_commit_callbacks)
    client = client_for(cast["organizer"])
    few = _queries(client, _detail(report))

    _add_options(cast, data, 2 * OPTIONS_PER_PAGE)
    many = _queries(client, _detail(report))

    assert few == many


def test_report_list_shows_one_page_and_a_link_to_the_next(cast, client_for):
    for i in range(53):
        Report.objects.create(
            dialogue=cast.dialogue,
            title=f"Report {i:03}",
            period_kind=Report.Period.WHOLE,
            requested_by=cast["organizer"],
        )
    newest_first = [f"Report {i:03}" for i in reversed(range(53))]
    url = reverse("reports:list", args=[cast.dialogue.pk])
    client = client_for(cast["organizer"])

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert [r.title for r in first.context["reports"]] == newest_first[:50]
    assert 'href="?page=2" rel="next"' in first.text
    assert [r.title for r in second.context["reports"]] == newest_first[50:]
    assert 'rel="next"' not in second.text
