"""The dialogue itself: creating it, its settings and its sides. Its home page shows the
organizers' to-do panel, so it is in trackii/workflows/views/dialogue.py."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dialogues.forms.dialogues import DialogueCreateForm, DialogueForm, SideForm
from dialogues.models import Side
from dialogues.services import dialogues as services
from dialogues.services.retention import retention_status
from trackii.organizations.models import Organization
from trackii.privacy.access import dialogue_view, get_visible_or_404
from trackii.privacy.audit import client_ip
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}
EDIT_TEMPLATE = "dialogues/dialogue_edit.html"


@require_http_methods(["GET", "POST"])
def dialogue_create(request):
    """Administrators of an organization, and the members it allows, start dialogues in it;
    they become its organizer. Everyone else gets 403 (the page's address is no secret)."""
    organizations = Organization.objects.creatable_by(request.user)
    if not organizations.exists():
        raise PermissionDenied
    if request.method != "POST":
        form = DialogueCreateForm(organizations=organizations)
        return render(request, "dialogues/dialogue_create.html", {"form": form})
    form = DialogueCreateForm(request.POST, organizations=organizations)
    if form.is_valid():
        data = dict(form.cleaned_data)
        sides, add_third_party = data.pop("sides"), data.pop("add_third_party")
        try:
            dialogue = services.dialogue_create(
                actor=request.user,
                organization=data.pop("organization"),
                sides=sides,
                add_third_party=add_third_party,
                ip=client_ip(request),
                **data,
            )
        except ValidationError as e:
            form.add_error(None, e)  # a dict of errors lands on its fields
        else:
            messages.success(request, _("Dialogue created. You are its organizer."))
            return redirect("dialogues:detail", dialogue.pk)
    return render(request, "dialogues/dialogue_create.html", {"form": form}, status=422)


def _sides_url(access) -> str:
    return reverse("dialogues:edit", kwargs={"dialogue_id": access.dialogue.pk}) + "#sides"


def _settings(request, access, *, form=None, side_form=None, status=200, partial=None, **extra):
    """The settings page, or only its sides section (`partial="sides"`, for htmx)."""
    context = {
        "form": form or DialogueForm(instance=access.dialogue),
        "sides": Side.objects.visible_to(request.user).filter(dialogue=access.dialogue),
        "side_form": side_form or SideForm(),
        "retention_status": retention_status(access.dialogue),
        **extra,
    }
    template = f"{EDIT_TEMPLATE}#{partial}" if partial else EDIT_TEMPLATE
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def dialogue_edit(request, access):
    if request.method != "POST":
        return _settings(request, access)
    # A copy: the form writes what was typed into its instance, and the page's
    # header must keep showing the dialogue as it is.
    form = DialogueForm(request.POST, instance=copy.copy(access.dialogue))
    if form.is_valid():
        try:
            services.dialogue_update(
                actor=request.user, dialogue=access.dialogue, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("dialogues:edit", access.dialogue.pk)
    return _settings(request, access, form=form, status=422)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def side_add(request, access):
    form = SideForm(request.POST)
    if form.is_valid():
        try:
            services.side_add(actor=request.user, dialogue=access.dialogue, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if request.htmx:
                return _settings(request, access, partial="sides", side_message=_("Side added."))
            messages.success(request, _("Side added."))
            return redirect(_sides_url(access))
    return _settings(
        request, access, side_form=form, status=422, partial="sides" if request.htmx else None
    )


@require_http_methods(["GET", "POST"])
@dialogue_view(roles=ORGANIZERS)
def side_edit(request, access, side_id):
    """Rename a side: inline in its row with htmx, on a page of its own without."""
    side = get_visible_or_404(
        Side.objects.filter(dialogue=access.dialogue), request.user, pk=side_id
    )
    status = 200
    if request.method == "POST":
        form = SideForm(request.POST, auto_id=f"id_side{side.pk}_%s", inline=request.htmx)
        if form.is_valid():
            try:
                services.side_update(actor=request.user, side=side, **form.cleaned_data)
            except ValidationError as e:
                form.add_error(None, e)
            else:
                if request.htmx:
                    return render(
                        request, f"{EDIT_TEMPLATE}#side-row", {"side": side, "refocus": True}
                    )
                messages.success(request, _("Side saved."))
                return redirect(_sides_url(access))
        status = 422
    else:
        form = SideForm(instance=side, auto_id=f"id_side{side.pk}_%s", inline=request.htmx)
    template = f"{EDIT_TEMPLATE}#side-form-row" if request.htmx else "dialogues/side_edit.html"
    return render(request, template, {"side": side, "form": form}, status=status)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def side_remove(request, access, side_id):
    """Remove a side nothing uses; otherwise say what uses it."""
    side = get_visible_or_404(
        Side.objects.filter(dialogue=access.dialogue), request.user, pk=side_id
    )
    try:
        services.side_remove(actor=request.user, side=side)
    except ValidationError as e:
        error = " ".join(e.messages)
        if request.htmx:
            return _settings(request, access, partial="sides", side_error=error, status=422)
        messages.error(request, error)
    else:
        if request.htmx:
            return _settings(request, access, partial="sides", side_message=_("Side removed."))
        messages.success(request, _("Side removed."))
    return redirect(_sides_url(access))
