"""The export page, its file and its life: formulas neutralised, audited, served to its
creator only, kept encrypted, deleted once expired."""

import base64
import datetime as dt
from io import BytesIO
from zipfile import ZipFile

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from tests.exports.conftest import read_cells
from tests.factories import NoteFactory, ParticipantFactory, PersonFactory, SessionFactory
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role
from trackii.workflows import erasure, exports
from trackii.workflows.models import Export
from trackii.workflows.tasks import export_build_task, exports_purge_expired_task

FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(1)"]
FROZEN_NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def page(dialogue):
    return reverse("dialogues:export-list", kwargs={"dialogue_id": dialogue.pk})


def of(name, export):
    kwargs = {"dialogue_id": export.dialogue_id, "export_id": export.pk}
    return reverse(f"dialogues:{name}", kwargs=kwargs)


@pytest.fixture
def formula_notes(cast):
    session = SessionFactory(round__dialogue=cast.dialogue, title="=HYPERLINK(1)")
    for text in FORMULAS:
        NoteFactory(session=session, text=text, level=Level.DIALOGUE)
    return session


def made(cast, *, created_by, expires_at, status=Export.Status.READY, failure=""):
    return Export.objects.create(
        failure=failure,
        dialogue=cast.dialogue,
        created_by=created_by,
        kind=Export.Kind.NOTES,
        format=Export.Format.CSV,
        status=status,
        content=base64.b64encode(b"id\n1\n").decode(),
        expires_at=expires_at,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formulas(fmt, cast, formula_notes, export_as):
    export, response = export_as(cast["facilitator"], cast.dialogue, "notes", fmt)

    rows = read_cells(export, response.content)
    assert sorted(row[3] for row in rows[1:]) == sorted(f"'{f}" for f in FORMULAS)
    assert {row[1] for row in rows[1:]} == {"'=HYPERLINK(1)"}


def test_xlsx_cells_are_strings_never_formulas(cast, formula_notes, export_as):
    _export, response = export_as(cast["facilitator"], cast.dialogue, "notes", "xlsx")

    sheet = load_workbook(BytesIO(response.content))["notes"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    with ZipFile(BytesIO(response.content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    # Text cells, written inline ("inlineStr") or shared ("s"); no formula element at all.
    assert {cell.data_type for cell in cells} <= {"s", "inlineStr"}
    assert "<f>" not in xml
    assert "calc" in xml


def test_participants_csv_has_names_for_organizer_and_no_vetting_notes(cast, export_as):
    ParticipantFactory(
        dialogue=cast.dialogue,
        person=PersonFactory(name="Jon Protected", is_protected=True, phone="+1 555"),
    )

    export, response = export_as(cast["organizer"], cast.dialogue, "participants", "csv")

    rows = read_cells(export, response.content)
    assert [(r[1], r[2], r[13]) for r in rows[1:]] == [("Jon Protected", "yes", "'+1 555")]


def test_download_is_a_no_store_attachment_named_by_code_name(cast, export_as):
    cast.dialogue.title = "Secret talks on the river"
    cast.dialogue.save()

    export, response = export_as(cast["organizer"], cast.dialogue, "notes", "csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="JUNIPER-notes-{export.pk}.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    assert "Secret talks" not in response.content.decode("utf-8-sig")


def test_export_is_audited_when_built_and_when_downloaded(cast, formula_notes, export_as):
    export, _response = export_as(cast["observer"], cast.dialogue, "notes", "xlsx")

    events = AuditEvent.objects.filter(
        actor=cast["observer"], action__in=["export", "export_downloaded"]
    ).order_by("id")
    assert [(e.action, e.dialogue, e.detail) for e in events] == [
        (
            "export",
            cast.dialogue,
            {"export": export.pk, "kind": "notes", "format": "xlsx", "rows": 4},
        ),
        (
            "export_downloaded",
            cast.dialogue,
            {"export": export.pk, "kind": "notes", "format": "xlsx"},
        ),
    ]


def test_export_of_a_restricted_note_is_audited_as_a_restricted_read(cast, export_as):
    session = SessionFactory(round__dialogue=cast.dialogue)
    note = NoteFactory(session=session, level=Level.RESTRICTED, author=cast["facilitator"])

    export_as(cast["facilitator"], cast.dialogue, "notes", "csv")

    reads = AuditEvent.objects.filter(action=AuditEvent.Action.RESTRICTED_READ)
    assert [(e.actor, e.object_id) for e in reads] == [(cast["facilitator"], str(note.pk))]


def test_file_is_stored_encrypted_not_in_clear(cast, export_as):
    NoteFactory(session=SessionFactory(round__dialogue=cast.dialogue), text="Water-sharing idea")

    export, _response = export_as(cast["organizer"], cast.dialogue, "notes", "csv")

    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM workflows_export WHERE id = %s", [export.pk])
        stored = cursor.fetchone()[0]
    encoded = base64.b64encode(b"Water-sharing idea").decode()
    assert stored != ""
    assert "Water-sharing" not in stored
    assert encoded[:12] not in stored


def test_another_users_export_answers_404(cast, client_for):
    export = made(cast, created_by=cast["organizer"], expires_at=FROZEN_NOW.replace(year=2100))
    client = client_for(cast["facilitator"])

    assert client.get(of("export-download", export)).status_code == 404
    assert client.get(of("export-status", export)).status_code == 404
    assert AuditEvent.objects.filter(action="export_downloaded").exists() is False


def test_expired_export_answers_404_and_is_not_listed(cast, client_for):
    export = made(cast, created_by=cast["organizer"], expires_at=FROZEN_NOW)
    client = client_for(cast["organizer"])

    assert client.get(of("export-download", export)).status_code == 404
    assert client.get(page(cast.dialogue)).context["exports"] == []


def test_cleanup_deletes_exports_past_their_expiry_only(cast):
    expired = made(cast, created_by=cast["organizer"], expires_at=FROZEN_NOW)
    kept = made(
        cast, created_by=cast["facilitator"], expires_at=FROZEN_NOW + dt.timedelta(seconds=1)
    )

    deleted = exports.exports_purge_expired(now=FROZEN_NOW)

    assert deleted == 1
    assert list(Export.objects.values_list("pk", flat=True)) == [kept.pk]
    assert expired.pk != kept.pk


def test_cleanup_task_is_scheduled_by_beat(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert exports_purge_expired_task.name in tasks


def test_export_expires_after_the_setting(cast, settings, client_for):
    settings.EXPORT_KEPT_HOURS = 6

    client_for(cast["organizer"]).post(page(cast.dialogue), {"kind": "notes", "format": "csv"})

    export = Export.objects.get()
    assert export.expires_at - export.created_at == pytest.approx(
        dt.timedelta(hours=6), abs=dt.timedelta(seconds=5)
    )


def test_build_fails_plainly_when_the_exporter_lost_access(
    cast, client_for, django_capture_on_commit_callbacks
):
    client = client_for(cast["facilitator"])
    with django_capture_on_commit_callbacks(execute=False):
        client.post(page(cast.dialogue), {"kind": "notes", "format": "csv"})
    export = Export.objects.get()
    Membership.objects.filter(user=cast["facilitator"], dialogue=cast.dialogue).update(
        role=Role.PARTICIPANT
    )

    result = export_build_task(export.pk)

    export.refresh_from_db()
    assert (result, export.status, export.failure, export.content) == (
        "refused",
        "failed",
        "no_access",
        "",
    )
    assert AuditEvent.objects.filter(action="export").exists() is False


def test_page_shows_a_failed_export_with_its_reason(cast, client_for):
    made(
        cast,
        created_by=cast["organizer"],
        expires_at=FROZEN_NOW.replace(year=2100),
        status=Export.Status.FAILED,
        failure=Export.Failure.NO_ACCESS,
    )

    response = client_for(cast["organizer"]).get(page(cast.dialogue))

    assert "You no longer have access to this dialogue" in response.text
    assert "Download" not in response.text


def test_pending_export_is_polled_every_two_seconds_until_ready(cast, client_for):
    export = made(
        cast,
        created_by=cast["organizer"],
        expires_at=FROZEN_NOW.replace(year=2100),
        status=Export.Status.PENDING,
    )
    client = client_for(cast["organizer"])

    pending = client.get(of("export-status", export), headers={"HX-Request": "true"})
    Export.objects.filter(pk=export.pk).update(status=Export.Status.READY, rows=1)
    ready = client.get(of("export-status", export), headers={"HX-Request": "true"})

    assert (pending.status_code, ready.status_code) == (200, 286)
    assert 'hx-trigger="every 2s"' in pending.text
    assert "<progress" in pending.text
    assert "hx-trigger" not in ready.text
    assert of("export-download", export) in ready.text
    assert "available until" in ready.text


def test_everything_as_csv_is_refused_with_a_message_and_keeps_the_choice(cast, client_for):
    response = client_for(cast["organizer"]).post(
        page(cast.dialogue), {"kind": "all", "format": "csv"}
    )

    assert response.status_code == 422
    assert "choose XLSX" in response.text
    assert response.context["form"].data["kind"] == "all"
    assert Export.objects.exists() is False


def test_old_participants_csv_link_opens_the_page_with_it_chosen(cast, client_for):
    client = client_for(cast["organizer"])
    old = reverse("participants:export", kwargs={"dialogue_id": cast.dialogue.pk})

    response = client.get(old, follow=True)

    assert response.redirect_chain[-1][0] == f"{page(cast.dialogue)}?kind=participants&format=csv"
    form = response.context["form"]
    assert (form["kind"].value(), form["format"].value()) == ("participants", "csv")


# user, membership (2; session from the cache); the exports listed: one query at any size.
@pytest.mark.parametrize("size", [1, 12])
def test_export_page_query_count_is_fixed(size, cast, client_for, django_assert_num_queries):
    for _ in range(size):
        made(cast, created_by=cast["organizer"], expires_at=FROZEN_NOW.replace(year=2100))
    client = client_for(cast["organizer"])

    with django_assert_num_queries(3):
        response = client.get(page(cast.dialogue))

    assert len(response.context["exports"]) == size


def test_erasing_a_person_deletes_the_exports_that_may_name_them(cast, export_as):
    participant = ParticipantFactory(dialogue=cast.dialogue, person=PersonFactory(name="Hana"))
    export, response = export_as(cast["organizer"], cast.dialogue, "participants", "csv")
    assert "Hana" in response.content.decode("utf-8-sig")

    erasure.person_erase(actor=cast["organizer"], participant=participant)

    assert Export.objects.filter(pk=export.pk).exists() is False
