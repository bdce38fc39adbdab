from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facilitation.entries import speakers_for
from facilitation.forms import NoteForm
from facilitation.models import Note
from facilitation.services import note_create
from trackii.privacy import services as privacy
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import audit_record, audit_restricted_reads, client_ip
from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import CONTENT_ROLES, TEAM_ROLES
from trackii.privacy.views import restricted_access_page


def _note_form(request, access, data=None):
    speakers = speakers_for(request.user, dialogue_id=access.dialogue.pk)
    return NoteForm(data, dialogue=access.dialogue, speakers=speakers, role=access.role)


def _note_page(request, access, form, status=200):
    notes = (
        Note.objects.visible_to(request.user)
        .filter(dialogue=access.dialogue)
        .with_speakers(request.user)
        .select_related("author", "session")
        .order_by("-created_at", "-id")
    )
    page = Paginator(notes, 50).get_page(request.GET.get("page"))
    audit_restricted_reads(actor=request.user, items=page.object_list, ip=client_ip(request))
    return render(
        request, "facilitation/note_list.html", {"page": page, "form": form}, status=status
    )


@dialogue_view()
def note_list(request, access):
    form = _note_form(request, access) if access.is_team else None
    return _note_page(request, access, form)


@require_POST
@dialogue_view(roles=TEAM_ROLES)
def note_create_view(request, access):
    form = _note_form(request, access, request.POST)
    if form.is_valid():
        try:
            note_create(actor=request.user, dialogue=access.dialogue, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Note saved."))
            return redirect("facilitation:note-list", access.dialogue.pk)
    return _note_page(request, access, form, status=422)


@dialogue_view()
def note_detail(request, access, note_id):
    note = get_visible_or_404(
        Note.objects.with_speakers(request.user).filter(dialogue=access.dialogue),
        request.user,
        pk=note_id,
    )
    if note.is_restricted:
        audit_record(
            action=AuditEvent.Action.RESTRICTED_READ,
            actor=request.user,
            dialogue=access.dialogue,
            obj=note,
            ip=client_ip(request),
        )
    return render(
        request,
        "facilitation/note_detail.html",
        {"note": note, "can_manage_grants": privacy.can_manage_grants(request.user, note)},
    )


@dialogue_view(roles=TEAM_ROLES)
def note_access(request, access, note_id):
    """Who may read a restricted note, and granting or revoking it (audited)."""
    note = get_visible_or_404(
        Note.objects.filter(dialogue=access.dialogue), request.user, pk=note_id
    )
    return restricted_access_page(
        request,
        access,
        note,
        grantee_roles=CONTENT_ROLES,
        grant=partial(privacy.restricted_grant, actor=request.user, obj=note),
        revoke=partial(privacy.restricted_revoke, actor=request.user, obj=note),
        success_url=reverse("facilitation:note-access", args=[access.dialogue.pk, note.pk]),
        template="facilitation/record_access.html",
        context={
            "obj": note,
            "what": _("Who may read this restricted note"),
            "back_url": reverse("facilitation:note-detail", args=[access.dialogue.pk, note.pk]),
        },
    )
