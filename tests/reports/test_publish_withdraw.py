"""Publishing asks first, after a preview of what funders will read; a published report
can be withdrawn, which tells the funders and keeps the frozen copy (issue 17)."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from reports import services
from reports.models import Report
from tests.reports.test_release_rule import build, publish
from trackii.privacy.models import AuditEvent


def _url(name, report):
    return reverse(f"reports:{name}", args=[report.dialogue_id, report.pk])


def test_the_report_page_asks_for_a_preview_before_publishing(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    report = build(cast, django_capture_on_commit_callbacks, title="Autumn report")
    organizer = client_for(cast["organizer"])

    detail = organizer.get(_url("detail", report)).content.decode()
    confirm = organizer.get(_url("publish", report))

    # The report page links to the confirmation; it has no button that publishes at once.
    assert f'href="{_url("publish", report)}"' in detail
    assert f'action="{_url("publish", report)}"' not in detail
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Preview: the report as funders will read it" in page
    assert "shown at once to the 1 funder account of JUNIPER" in page
    assert "North" in page  # the figures, as funders will read them
    assert f'action="{_url("publish", report)}"' in page
    report.refresh_from_db()
    assert report.status == Report.Status.READY  # looking changed nothing


def test_confirming_publishes(cast, data, client_for, django_capture_on_commit_callbacks):
    report = build(cast, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast["organizer"]).post(_url("publish", report), follow=True)

    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert "Published. The dialogue&#x27;s funders have been told." in response.content.decode()


def test_a_draft_has_no_publish_button_on_its_confirmation(cast, client_for):
    draft = Report.objects.create(
        dialogue=cast.dialogue, title="Draft", requested_by=cast["organizer"]
    )

    page = client_for(cast["organizer"]).get(_url("publish", draft)).content.decode()

    assert "Only a report whose figures are computed" in page
    assert f'action="{_url("publish", draft)}"' not in page


@pytest.fixture
def published(cast, data, django_capture_on_commit_callbacks):
    report = build(cast, django_capture_on_commit_callbacks, title="Autumn report")
    report = publish(cast, report, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    return report


def test_withdrawing_asks_first_and_says_what_happens(cast, published, client_for):
    organizer = client_for(cast["organizer"])

    detail = organizer.get(_url("detail", published)).content.decode()
    page = organizer.get(_url("withdraw", published)).content.decode()

    assert f'href="{_url("withdraw", published)}"' in detail
    assert "The 1 funder account of JUNIPER can no longer open the report" in page
    assert "Copies funders already downloaded cannot be taken back" in page
    published.refresh_from_db()
    assert published.status == Report.Status.PUBLISHED


def test_a_withdrawn_report_leaves_the_funder_with_a_notice(
    cast, published, client_for, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://trackii.example"
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["organizer"]).post(_url("withdraw", published))

    funder = client_for(cast["funder"])
    dashboard = funder.get(reverse("reports:funder-dashboard")).content.decode()

    assert funder.get(_url("detail", published)).status_code == 404
    assert funder.get(_url("pdf", published)).status_code == 404
    assert f'href="{_url("detail", published)}"' not in dashboard
    assert "The organizers withdrew the report <bdi>Autumn report</bdi>" in dashboard
    assert "No report has been published yet." in dashboard  # and it left the trends
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["funder@example.org"], "trackii: a progress report on JUNIPER was withdrawn")
    ]
    assert "Autumn report" not in mail.outbox[0].body  # code name and link only
    assert "https://trackii.example/reports/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.REPORT_WITHDRAWN, object_id=str(published.pk)
    ).exists()


def test_the_frozen_copy_stays_for_organizers_and_cannot_change(
    cast, published, client_for, django_capture_on_commit_callbacks
):
    services.report_withdraw(actor=cast["organizer"], report=published)
    published.refresh_from_db()

    page = client_for(cast["organizer"]).get(_url("detail", published)).content.decode()

    assert "This report was withdrawn: funders can no longer open it." in page
    assert "North" in page
    for write in (services.report_publish, services.report_rebuild, services.report_withdraw):
        with pytest.raises(ValidationError):
            write(actor=cast["organizer"], report=published)


def test_only_organizers_withdraw(cast, published):
    with pytest.raises(PermissionDenied):
        services.report_withdraw(actor=cast["facilitator"], report=published)

    published.refresh_from_db()
    assert published.status == Report.Status.PUBLISHED


def test_a_publish_mail_not_yet_sent_is_not_sent_after_a_withdrawal(
    cast, data, django_capture_on_commit_callbacks
):
    from reports import tasks

    capture = django_capture_on_commit_callbacks
    report = publish(cast, build(cast, capture), capture)
    mail.outbox.clear()
    services.report_withdraw(actor=cast["organizer"], report=report)

    assert tasks.report_notify_funders(report.pk) == 0
    assert mail.outbox == []


def test_the_pdf_link_appears_by_itself_when_the_pdf_is_drawn(
    cast, published, client_for, django_capture_on_commit_callbacks
):
    Report.objects.filter(pk=published.pk).update(pdf=None, pdf_of_build=None, pdf_k=None)
    funder = client_for(cast["funder"])

    waiting = funder.get(_url("detail", published)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the download asks for a drawing
        funder.get(_url("pdf", published))
    ready = funder.get(_url("pdf-status", published), HTTP_HX_REQUEST="true")

    assert "Its download link appears here when it is ready." in waiting
    assert f'hx-get="{_url("pdf-status", published)}"' in waiting
    assert ready.status_code == 286  # htmx stops polling
    assert f'href="{_url("pdf", published)}"' in ready.content.decode()
