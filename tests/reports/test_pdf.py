"""The report's PDF: drawn in the background from the snapshot, downloaded by funders
and organizers, every download audited; no canary in its text."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from facilitation.models import Option
from reports import services, tasks
from reports.models import Report
from tests.factories import MembershipFactory, UserFactory
from tests.reports.test_reports import CANARIES
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role


def _create(cast, capture):
    with capture(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title="Autumn report",
            period_kind=Report.Period.WHOLE,
        )
    return Report.objects.get(pk=report.pk)


def _publish(cast, report, capture):
    with capture(execute=True):
        services.report_publish(actor=cast["organizer"], report=report)
    return Report.objects.get(pk=report.pk)


def _pdf_bytes(report) -> bytes:
    return bytes(Report.objects.values_list("pdf", flat=True).get(pk=report.pk))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _url(report):
    return reverse("reports:pdf", args=[report.dialogue_id, report.pk])


@pytest.fixture
def published(cast, data, django_capture_on_commit_callbacks):
    first = Option.objects.filter(level=Level.REPORTABLE).order_by("pk").first()
    Option.objects.filter(pk=first.pk).update(publishable=True, title="Joint water commission")
    report = _create(cast, django_capture_on_commit_callbacks)
    services.report_update_narrative(
        actor=cast["organizer"], report=report, narrative="Steady **progress** this autumn."
    )
    tasks.report_render_pdf(report.pk)
    return _publish(cast, Report.objects.get(pk=report.pk), django_capture_on_commit_callbacks)


def test_build_draws_the_pdf_in_the_background(cast, data, django_capture_on_commit_callbacks):
    report = _create(cast, django_capture_on_commit_callbacks)

    assert report.pdf_ready
    assert _pdf_bytes(report)[:5] == b"%PDF-"


def test_pdf_text_has_the_report_headings_and_no_canary(published):
    text = _text(_pdf_bytes(published))

    headings = [
        "Autumn report",
        "JUNIPER",
        "From the organizers",
        "Activity",
        "Attendance",
        "Trust over time",
        "Trust-building steps",
        "Options",
        "Transfers to officials",
        "Outcomes",
        "Spending against funding",
    ]
    assert [h for h in headings if h not in text] == []
    assert "Steady progress this autumn." in text
    assert "Joint water commission" in text
    assert "fewer than 5" in text
    assert [c for c in CANARIES if c in text] == []


def test_pdf_draws_the_trust_chart(published):
    text = _text(_pdf_bytes(published))

    # The chart's axis and round labels are SVG text, drawn into the PDF.
    assert "Round 1" in text
    assert published.snapshot["trust_trend"]["rounds"][0]["round"] == "Round 1"


def test_funder_downloads_the_pdf_as_an_audited_attachment(cast, published, client_for):
    response = client_for(cast["funder"]).get(_url(published))

    assert response.status_code == 200
    assert response.content[:5] == b"%PDF-"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="trackii-report-{published.pk}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    events = AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert [(e.actor, e.dialogue, e.object_id, e.detail) for e in events] == [
        (cast["funder"], cast.dialogue, str(published.pk), {})
    ]


def test_each_download_is_audited(cast, published, client_for):
    client = client_for(cast["organizer"])

    client.get(_url(published))
    client.get(_url(published))

    assert AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).count() == 2


def test_funder_of_another_dialogue_gets_404_and_no_audit(cast, published, client_for):
    stranger = UserFactory()
    MembershipFactory(dialogue=cast.other_dialogue, user=stranger, role=Role.FUNDER)

    response = client_for(stranger).get(_url(published))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.REPORT_DOWNLOADED).exists()


def test_funder_gets_404_for_the_pdf_of_a_draft(
    cast, data, client_for, django_capture_on_commit_callbacks
):
    draft = _create(cast, django_capture_on_commit_callbacks)

    response = client_for(cast["funder"]).get(_url(draft))

    assert (draft.pdf_ready, response.status_code) == (True, 404)


def test_pdf_not_drawn_yet_sends_back_to_the_report_with_a_message(cast, data, client_for):
    report = Report.objects.create(
        dialogue=cast.dialogue,
        title="T",
        status=Report.Status.BUILDING,
        requested_by=cast["organizer"],
    )
    tasks.report_build(report.pk)  # its PDF waits for the commit that never comes here

    response = client_for(cast["organizer"]).get(_url(report), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/reports/{report.pk}/")
    assert "The PDF is still being prepared. Try again in a minute." in response.content.decode()


def test_narrative_edit_redraws_the_pdf(cast, data, django_capture_on_commit_callbacks):
    report = _create(cast, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.report_update_narrative(
            actor=cast["organizer"], report=report, narrative="A new paragraph for the funder."
        )

    assert "A new paragraph for the funder." in _text(_pdf_bytes(report))


def test_published_pdf_is_frozen(cast, published):
    before = _pdf_bytes(published)
    Option.objects.update(title="Changed afterwards")

    answer = tasks.report_render_pdf(published.pk)

    assert (answer, _pdf_bytes(published)) == ("kept", before)
