"""The team's exports: ask for one, watch it being built, download it (its creator only).

Built in a Celery task (trackii/workflows/exports.py); the page polls each unfinished
export every two seconds through htmx, and the answer 286 stops the polling.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role
from trackii.workflows import exports
from trackii.workflows.forms import ExportForm
from trackii.workflows.models import EXPORTERS, Export

POLL_STOP = 286  # htmx: stop polling
TEMPLATE = "workflows/export_list.html"
#: How many of one's own exports the page lists (they expire within a day anyway).
LISTED = 20
CONTENT_TYPES = {
    Export.Format.CSV: "text/csv; charset=utf-8",
    Export.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _own_exports(request, access):
    return (
        Export.objects.visible_to(request.user)
        .filter(dialogue=access.dialogue, expires_at__gt=timezone.now())
        .select_related("dialogue")
    )


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=EXPORTERS)
def export_list(request, access):
    """The form, and the exports this member asked for that have not expired."""
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST, role=access.role)
        if form.is_valid():
            try:
                exports.export_request(
                    actor=request.user,
                    dialogue=access.dialogue,
                    kind=form.cleaned_data["kind"],
                    format=form.cleaned_data["format"],
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                return redirect("dialogues:export-list", access.dialogue.pk)
        status = 422
    else:
        # The old participants CSV link arrives with ?kind=participants&format=csv.
        form = ExportForm(role=access.role, initial=request.GET.dict())
    context = {
        "form": form,
        "exports": list(_own_exports(request, access)[:LISTED]),
        "kept_hours": settings.EXPORT_KEPT_HOURS,
    }
    return render(request, TEMPLATE, context, status=status)


@require_GET
@dialogue_view(roles=EXPORTERS)
def export_status(request, access, export_id):
    """One export's row, polled while it is being built."""
    export = get_visible_or_404(_own_exports(request, access), request.user, pk=export_id)
    status = POLL_STOP if export.is_done else 200
    return render(request, f"{TEMPLATE}#export-row", {"export": export}, status=status)


@require_GET
@dialogue_view(roles=EXPORTERS)
def export_download(request, access, export_id):
    """The file, to its creator only, while it has not expired; audited. No cache."""
    export = get_visible_or_404(_own_exports(request, access), request.user, pk=export_id)
    content = exports.export_download(actor=request.user, export=export, ip=client_ip(request))
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type=CONTENT_TYPES[export.format])
    response["Content-Disposition"] = f'attachment; filename="{export.filename()}"'
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


@require_GET
@dialogue_view(roles={Role.ORGANIZER})
def participant_export(request, access):
    """The participants' CSV link of old: the export page, with that export chosen."""
    url = reverse("dialogues:export-list", args=[access.dialogue.pk])
    return redirect(f"{url}?kind={Export.Kind.PARTICIPANTS}&format={Export.Format.CSV}")
