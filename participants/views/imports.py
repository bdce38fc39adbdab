"""Importing participants from a spreadsheet: the upload, the preview (a dry run), the
confirmed import, and the template file. Organizers only.

The uploaded file is read in memory and dropped; between the preview and the import its
rows travel in the preview page itself, sealed (ImportConfirmForm), so no copy of a list
of people is kept on the server, in the clear or otherwise.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from participants import selectors
from participants.forms.imports import ImportConfirmForm, ImportUploadForm
from participants.services import imports as services
from participants.services.participants import ORGANIZERS
from trackii.lib.spreadsheet import csv_safe, xlsx_bytes
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import client_ip

TEMPLATE = "participants/participant_import.html"


def _page(request, access, *, form=None, preview=None, confirm=None, error=None, status=200):
    return render(
        request,
        TEMPLATE,
        {
            "form": form or ImportUploadForm(),
            "preview": preview,
            "confirm": confirm,
            "error": error,
            "columns": services.column_guide(),
            "required_columns": services.REQUIRED_COLUMNS,
            "max_rows": services.MAX_ROWS,
        },
        status=status,
    )


def _preview_page(request, access, preview, table, *, status=200):
    confirm = error = None
    if preview.is_importable:
        confirm = ImportConfirmForm.for_table(table, dialogue=access.dialogue, actor=request.user)
        if not confirm.fits_in_a_post():
            confirm, status = None, 422
            error = _("This file holds too much text to import at once. Split it in two.")
    return _page(request, access, preview=preview, confirm=confirm, error=error, status=status)


@dialogue_view(roles=ORGANIZERS)
def participant_import(request, access):
    """The upload form; an uploaded file answers with its preview, which imports nothing."""
    if request.method != "POST":
        return _page(request, access)
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, access, form=form, status=422)
    table = form.cleaned_data["file"]
    preview = services.import_preview(actor=request.user, dialogue=access.dialogue, table=table)
    return _preview_page(
        request, access, preview, table, status=200 if preview.is_importable else 422
    )


@require_POST
@dialogue_view(roles=ORGANIZERS)
def participant_import_confirm(request, access):
    """Import the previewed rows, all or none; a row that went bad since (someone added the
    same person meanwhile) shows the preview again, with its problem."""
    form = ImportConfirmForm(request.POST, dialogue=access.dialogue, actor=request.user)
    if not form.is_valid():
        return _page(request, access, error=form.errors["table"][0], status=422)
    table = form.cleaned_data["table"]
    try:
        preview = services.participants_import(
            actor=request.user, dialogue=access.dialogue, table=table, ip=client_ip(request)
        )
    except services.ImportProblems as problems:
        return _preview_page(request, access, problems.preview, table, status=422)
    except ValidationError as e:
        # A row the preview passed and the database refused (a change in between): the
        # transaction rolled back, so nothing was imported.
        error = _("Nothing was imported: %(reason)s Upload the file again.") % {
            "reason": " ".join(e.messages)
        }
        return _page(request, access, error=error, status=422)
    n = len(preview.rows)
    messages.success(
        request,
        ngettext("%(n)d participant imported.", "%(n)d participants imported.", n) % {"n": n},
    )
    return redirect("participants:list", access.dialogue.pk)


@require_GET
@dialogue_view(roles=ORGANIZERS)
def participant_import_template(request, access, kind):
    """The columns an import reads and one example row, as CSV or XLSX."""
    rows = services.template_rows(selectors.dialogue_sides(access.dialogue))
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([[csv_safe(cell) for cell in row] for row in rows])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    elif kind == "xlsx":
        response = HttpResponse(
            xlsx_bytes(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("No such template."))
    response["Content-Disposition"] = f'attachment; filename="participants-template.{kind}"'
    return response
