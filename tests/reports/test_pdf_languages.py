"""The report PDF in Arabic and Hebrew (issue 15): laid out right to left, drawn with the
Noto faces the Dockerfile and .ci/run install, its text extractable in reading order."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from reports import services
from reports.models import Report
from reports.pdf import render_pdf

ARABIC = "تقدم مطرد هذا الخريف"
HEBREW = "התקדמות יציבה בסתיו הזה"


def fonts(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return {
        font.get_object()["/BaseFont"].split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def report(cast, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_create(
            actor=cast["organizer"],
            dialogue=cast.dialogue,
            title="Autumn report",
            period_kind=Report.Period.WHOLE,
        )
    return Report.objects.get(pk=report.pk)


@pytest.mark.parametrize(
    ("language", "narrative", "face"),
    [("ar", ARABIC, "Noto-Naskh-Arabic"), ("he", HEBREW, "Noto-Sans-Hebrew")],
)
def test_pdf_in_a_right_to_left_language_uses_its_noto_face(
    cast, report, language, narrative, face
):
    services.report_update_narrative(actor=cast["organizer"], report=report, narrative=narrative)
    report.refresh_from_db()

    with translation.override(language):
        pdf = render_pdf(report)

    assert face in fonts(pdf)
    assert narrative in text(pdf)
