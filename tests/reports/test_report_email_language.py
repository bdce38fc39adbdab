"""The "report ready" e-mail in each funder's own language (issue 15)."""

from django.core import mail

from tests.i18n.catalogs import write_catalog
from tests.reports.test_pdf import _create, _publish

FRENCH_SUBJECT = "trackii : un rapport d’étape sur %(code_name)s est prêt"


def test_report_ready_email_is_in_each_funders_language(
    cast, data, django_capture_on_commit_callbacks, settings, tmp_path
):
    write_catalog(
        tmp_path, "fr", {"trackii: a progress report on %(code_name)s is ready": FRENCH_SUBJECT}
    )
    settings.LOCALE_PATHS = [tmp_path]
    funder = cast["funder"]
    funder.language = "fr"
    funder.save()
    report = _create(cast, django_capture_on_commit_callbacks)

    _publish(cast, report, django_capture_on_commit_callbacks)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([funder.email], "trackii : un rapport d’étape sur JUNIPER est prêt")
    ]
