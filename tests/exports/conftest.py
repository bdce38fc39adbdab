"""The privacy world (canaries at every level) and helpers to export as one of its cast."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.privacy.world import plant
from trackii.workflows.models import Export


@pytest.fixture
def world(cast):
    return plant(cast)


def read_cells(export: Export, content: bytes) -> list[list[str]]:
    """Every row of the file (every sheet of a workbook, one after the other)."""
    if export.format == Export.Format.CSV:
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    workbook = load_workbook(io.BytesIO(content))
    return [
        ["" if v is None else v for v in row]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    ]


@pytest.fixture
def export_as(client_for, django_capture_on_commit_callbacks):
    """Ask for an export on the page as `user`, let the task run (eager, after the commit
    as in production), download it; answers (export, download response)."""

    def run(user, dialogue, kind, fmt):
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("dialogues:export-list", kwargs={"dialogue_id": dialogue.pk}),
                {"kind": kind, "format": fmt},
            )
        assert response.status_code == 302, response.content.decode()[:2000]
        export = Export.objects.filter(created_by=user).latest("id")
        download = client.get(
            reverse(
                "dialogues:export-download",
                kwargs={"dialogue_id": dialogue.pk, "export_id": export.pk},
            )
        )
        return export, download

    return run
