"""A funder report isolates the names users typed (sides, rounds, option titles) with
<bdi>, so that right-to-left names cannot reorder the figures beside them."""

import re

from django.urls import reverse

from reports import services
from reports.models import Report


def test_funder_report_shows_side_names_inside_bdi(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title="Autumn report",
            period_kind=Report.Period.WHOLE,
        )
    report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)

    response = client_for(cast["funder"]).get(
        reverse("reports:detail", args=[cast.dialogue.pk, report.pk])
    )

    html = response.content.decode()
    attendance = html[html.index('id="attendance-heading"') : html.index('id="trust-heading"')]
    assert response.status_code == 200
    assert re.findall(r"<caption>By side</caption>.*?<tbody>(.*?)</tbody>", attendance, re.S) == [
        '<tr><th scope="row"><bdi>North</bdi></th><td>6</td></tr>'
        '<tr><th scope="row"><bdi>South</bdi></th><td>fewer than 5</td></tr>'
    ]
    assert "<h1><bdi>Autumn report</bdi></h1>" in html
