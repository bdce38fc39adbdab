"""Exports for the team: what one member may read, as CSV or an XLSX workbook.

One path: `export_request` (a view) saves an Export and queues `export_build` (a Celery
task, eager in development and tests), which reads every row through `visible_to` of
the member who asked, *as they are when the task runs*, writes the file encrypted into
the Export, and audits it. `export_download` serves it to its creator only, until it
expires; `exports_purge_expired` (Celery beat) deletes what has expired.

Every cell passes through `trackii.lib.spreadsheet.csv_safe`, in CSV and XLSX alike, and
XLSX cells are typed as strings: no spreadsheet program runs a formula from an export.
"""

import base64
import csv
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from facilitation.models import Note, Option, Outcome, Transfer, TrustReading, TrustStep
from participants.selectors import participants_export_table
from trackii.lib.spreadsheet import csv_safe
from trackii.privacy.access import require_role
from trackii.privacy.audit import audit_record, audit_restricted_reads
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import TEAM_ROLES, Role, sees_attribution
from trackii.privacy.unscoped import Reason, unscoped
from trackii.workflows.models import EXPORTERS, Export

logger = logging.getLogger(__name__)

Kind = Export.Kind
Format = Export.Format

#: Who may export each kind. Participants: organizers only, as ever (contact details and
#: the vetting rationale are theirs). Trust readings are the team's (SessionRecordQuerySet).
KIND_ROLES: dict[str, frozenset] = {
    Kind.PARTICIPANTS: frozenset({Role.ORGANIZER}),
    Kind.NOTES: EXPORTERS,
    Kind.OPTIONS: EXPORTERS,
    Kind.TRUST_READINGS: TEAM_ROLES,
    Kind.TRUST_STEPS: EXPORTERS,
    Kind.TRANSFERS: EXPORTERS,
    Kind.OUTCOMES: EXPORTERS,
    Kind.ALL: EXPORTERS,
}

#: The kinds one sheet each, in the order of a workbook of everything.
SHEET_KINDS = [k for k in Kind if k != Kind.ALL]


def kinds_for(role: str | None) -> list[str]:
    """The kinds `role` may export, in the form's order."""
    return [kind for kind in Kind if role in KIND_ROLES[kind]]


def kept_for() -> dt.timedelta:
    return dt.timedelta(hours=settings.EXPORT_KEPT_HOURS)


@dataclass
class Table:
    header: list[str]
    rows: list[list]
    #: The confidential objects read, for the restricted-read audit.
    items: list


def _when(value) -> str:
    return value.isoformat() if value else ""


def _names(objects) -> str:
    return "; ".join(o.name for o in objects)


def _notes(user, dialogue, role) -> Table:
    team = sees_attribution(role)
    notes = list(
        Note.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .with_speakers(user)
        .select_related("session", "author")
    )
    header = ["id", "session", "level", "note", "created_at"]
    if team:
        # Attribution is `team` at the least, whatever the note's level.
        header += ["speaker", "speaker_side", "speaker_as_typed_earlier", "logged_by"]
    rows = []
    for note in notes:
        row = [note.pk, note.session.title, note.level, note.text, _when(note.created_at)]
        if team:
            speaker = note.speaker_participant if note.speaker_shown else None
            row += [
                speaker.shown_name(role) if speaker else "",
                note.speaker_side.name if note.speaker_side_id else "",
                note.speaker,
                str(note.author) if note.author else "",
            ]
        rows.append(row)
    return Table(header, rows, notes)


def _options(user, dialogue, role) -> Table:
    team = sees_attribution(role)
    options = list(
        Option.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("session")
        .prefetch_related("sides", "topics", "stances__side")
    )
    header = ["id", "title", "option", "state", "state_changed_at", "level", "session"]
    header += ["topics", "sides", "stances", "created_at"]
    if team:
        header.append("proposed_by")
    rows = []
    for option in options:
        row = [
            option.pk,
            option.title,
            option.text,
            option.state,
            _when(option.state_changed_at),
            option.level,
            option.session.title if option.session_id else "",
            "; ".join(t.topic for t in option.topics.all()),
            _names(option.sides.all()),
            "; ".join(f"{s.side.name}: {s.stance}" for s in option.stances.all()),
            _when(option.created_at),
        ]
        if team:
            row.append(option.proposed_by)
        rows.append(row)
    return Table(header, rows, options)


def _trust_steps(user, dialogue, role) -> Table:
    team = sees_attribution(role)
    steps = list(
        TrustStep.objects.visible_to(user)
        .filter(dialogue=dialogue)
        .select_related("session", "author")
        .prefetch_related("sides")
    )
    header = ["id", "session", "kind", "level", "sides", "observed", "effect", "created_at"]
    if team:
        header.append("logged_by")
    rows = []
    for step in steps:
        row = [
            step.pk,
            step.session.title,
            step.kind,
            step.level,
            _names(step.sides.all()),
            step.observed,
            step.effect,
            _when(step.created_at),
        ]
        if team:
            row.append(str(step.author) if step.author else "")
        rows.append(row)
    return Table(header, rows, steps)


def _trust_readings(user, dialogue, role) -> Table:
    readings = list(
        TrustReading.objects.visible_to(user)
        .filter(session__round__dialogue=dialogue)
        .select_related("session", "side", "author")
    )
    header = ["id", "session", "side", "trust", "belief", "source", "taken_by", "created_at"]
    rows = [
        [
            r.pk,
            r.session.title,
            r.side.name,
            r.trust,
            r.belief,
            r.source,
            str(r.author) if r.author else "",
            _when(r.created_at),
        ]
        for r in readings
    ]
    # Readings carry no level: nothing restricted to audit.
    return Table(header, rows, [])


def _transfers(user, dialogue, role) -> Table:
    transfers = list(Transfer.objects.visible_to(user).filter(dialogue=dialogue))
    # A transfer may be readable while its option is not: the title only where it is.
    titles = dict(
        Option.objects.visible_to(user)
        .filter(pk__in=[t.option_id for t in transfers if t.option_id])
        .values_list("pk", "title")
    )
    header = ["id", "option_id", "option", "insight", "transferred_on", "channel"]
    header += ["recipient_kind", "recipient_name", "response_kind", "response"]
    header += ["follow_up_due", "level"]
    rows = [
        [
            t.pk,
            t.option_id if t.option_id in titles else "",
            titles.get(t.option_id, ""),
            t.insight,
            _when(t.transferred_on),
            t.channel,
            t.recipient_kind,
            t.recipient_name,
            t.response_kind,
            t.response,
            _when(t.follow_up_due),
            t.level,
        ]
        for t in transfers
    ]
    return Table(header, rows, transfers)


def _outcomes(user, dialogue, role) -> Table:
    outcomes = list(Outcome.objects.visible_to(user).filter(dialogue=dialogue))
    header = ["id", "who_changed", "who", "what_changed", "observed_on", "significance"]
    header += ["contribution", "evidence", "evidence_source", "verified", "publishable"]
    header.append("level")
    rows = [
        [
            o.pk,
            o.who_kind,
            o.who_description,
            o.what_changed,
            _when(o.observed_on),
            o.significance,
            o.contribution,
            o.evidence,
            o.evidence_source,
            "yes" if o.verified else "no",
            "yes" if o.publishable else "no",
            o.level,
        ]
        for o in outcomes
    ]
    return Table(header, rows, outcomes)


def _participants(user, dialogue, role) -> Table:
    return Table(*participants_export_table(user=user, dialogue=dialogue, role=role))


BUILDERS: dict[str, Callable] = {
    Kind.PARTICIPANTS: _participants,
    Kind.NOTES: _notes,
    Kind.OPTIONS: _options,
    Kind.TRUST_READINGS: _trust_readings,
    Kind.TRUST_STEPS: _trust_steps,
    Kind.TRANSFERS: _transfers,
    Kind.OUTCOMES: _outcomes,
}


def _cells(row) -> list[str]:
    """The one formula-neutralising step of every export cell."""
    return [csv_safe(value) for value in row]


def write_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_cells(table.header))
    writer.writerows(_cells(row) for row in table.rows)
    # With a byte-order mark, spreadsheet programs read Arabic and Hebrew names right.
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(tables: dict[str, Table]) -> bytes:
    """One sheet per kind. Every cell is a string (data_type "s"): even a value that got
    past csv_safe could not become a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, table in tables.items():
        sheet = workbook.create_sheet(title=kind)
        for r, row in enumerate([table.header, *table.rows], start=1):
            for c, value in enumerate(_cells(row), start=1):
                cell = sheet.cell(row=r, column=c)
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Writes -------------------------------------------------------------------------


def export_request(*, actor, dialogue, kind: str, format: str) -> Export:
    """Save an export of `kind` in `format` for `actor` and queue its build (ids only).

    PermissionDenied unless the actor's role may export that kind; ValidationError for a
    CSV of everything (a CSV file holds one table: everything comes as a workbook).
    """
    membership = require_role(actor, dialogue, KIND_ROLES.get(kind, ()))
    if format not in Format.values:
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    if kind == Kind.ALL and format != Format.XLSX:
        raise ValidationError(
            {"format": _("Everything comes as one workbook with a sheet per kind: choose XLSX.")}
        )
    export = Export(
        dialogue_id=membership.dialogue_id,
        created_by=actor,
        kind=kind,
        format=format,
        expires_at=timezone.now() + kept_for(),
    )
    export.full_clean()
    with transaction.atomic():
        export.save()
        from trackii.outbox.services import outbox_enqueue
        from trackii.workflows.tasks import export_build_task

        outbox_enqueue(export_build_task, export.pk)
    return export


def export_build(export_id: int) -> str:
    """Build the file of one export, as its creator may read the data right now.

    Idempotent: an export that is ready, failed or gone is left alone. The creator's role
    is checked again here: one who lost access gets a failed export and a plain message.
    """
    export = Export.objects.select_related("dialogue", "created_by").filter(pk=export_id).first()
    if export is None or export.is_done:
        return "skipped"
    live = Export.objects.filter(pk=export_id)
    live.update(status=Export.Status.RUNNING, progress=0)
    user = export.created_by
    try:
        membership = require_role(user, export.dialogue, KIND_ROLES[export.kind])
    except PermissionDenied:
        live.update(
            status=Export.Status.FAILED,
            failure=Export.Failure.NO_ACCESS,
            finished_at=timezone.now(),
        )
        return "refused"
    role = membership.role
    kinds = (
        [k for k in SHEET_KINDS if role in KIND_ROLES[k]]
        if export.kind == Kind.ALL
        else [export.kind]
    )
    tables = {}
    for done, kind in enumerate(kinds, start=1):
        tables[kind] = BUILDERS[kind](user, export.dialogue, role)
        live.update(progress=done * 100 // (len(kinds) + 1))
    content = write_csv(tables[export.kind]) if export.format == Format.CSV else write_xlsx(tables)
    rows = sum(len(t.rows) for t in tables.values())
    with transaction.atomic():
        live.update(
            status=Export.Status.READY,
            progress=100,
            rows=rows,
            content=base64.b64encode(content).decode("ascii"),
            finished_at=timezone.now(),
        )
        audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=user,
            dialogue=export.dialogue,
            obj=export,
            detail={**_ids(export), "rows": rows},
        )
        audit_restricted_reads(actor=user, items=[i for t in tables.values() for i in t.items])
    return "built"


def export_fail(export_id: int) -> None:
    """Mark an export failed after an unexpected error, with a message that holds no data."""
    Export.objects.filter(pk=export_id).exclude(status=Export.Status.READY).update(
        status=Export.Status.FAILED,
        failure=Export.Failure.ERROR,
        finished_at=timezone.now(),
    )


def _ids(export: Export) -> dict:
    """What an audit event says of an export: ids and names of kinds, never content."""
    return {"export": export.pk, "kind": export.kind, "format": export.format}


def export_download(*, actor, export: Export, ip: str | None = None) -> bytes | None:
    """The file, for its creator while it has not expired (None otherwise); audited."""
    if export.created_by_id != actor.pk or export.status != Export.Status.READY:
        return None
    if export.is_expired:
        return None
    audit_record(
        action=AuditEvent.Action.EXPORT_DOWNLOADED,
        actor=actor,
        dialogue=export.dialogue,
        obj=export,
        ip=ip,
        detail=_ids(export),
    )
    return export.file_bytes()


def exports_purge_expired(now: dt.datetime | None = None) -> int:
    """Delete every export past its expiry, whoever made it (retention: files are kept
    for EXPORT_KEPT_HOURS only). Answers how many were deleted."""
    deleted, _by_model = (
        unscoped(Export, reason=Reason.RETENTION)
        .filter(expires_at__lte=now or timezone.now())
        .delete()
    )
    return deleted
