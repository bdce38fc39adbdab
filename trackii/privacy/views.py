"""The one page that grants and revokes a restricted item, shared by every kind of item."""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trackii.privacy import services
from trackii.privacy.audit import client_ip
from trackii.privacy.forms import GrantForm


def restricted_access_page(
    request,
    access,
    obj,
    *,
    grantee_roles: Iterable[str],
    grant: Callable,
    revoke: Callable,
    success_url: str,
    template: str,
    context: dict,
):
    """Who may read the restricted `obj`, with a form to grant or revoke one member.

    Only those who manage its grants get here (its author, or an organizer who can
    read it); anyone else who can see it gets 403. `grant` and `revoke` are the
    item's services, called as f(user=..., ip=...); they audit the change.
    """
    if not services.can_manage_grants(request.user, obj):
        raise PermissionDenied
    members = (
        get_user_model()
        .objects.filter(
            memberships__dialogue=access.dialogue, memberships__role__in=list(grantee_roles)
        )
        .exclude(pk=request.user.pk)
    )
    form = GrantForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            action = revoke if request.POST.get("revoke") else grant
            try:
                action(user=form.cleaned_data["user"], ip=client_ip(request))
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("Access updated."))
                return redirect(success_url)
        status = 422
    context = {**context, "form": form, "grantees": services.grantees(obj)}
    return render(request, template, context, status=status)
