"""An organization's own pages: its members and their accounts. Administrators only.

Members of the organization who are not administrators get 403; anyone else, and any
organization id that is not theirs, 404 (trackii.organizations.access).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trackii.organizations import services
from trackii.organizations.access import org_view
from trackii.organizations.forms import ConfirmForm, OrgRoleForm
from trackii.organizations.models import OrganizationMembership, OrgRole
from trackii.privacy.audit import client_ip
from trackii.privacy.models import AuditEvent

#: How many recent sign-ins, failed attempts and lockouts a member's page lists.
SIGN_INS_SHOWN = 20


def _member(access, membership_id) -> OrganizationMembership:
    return get_object_or_404(
        OrganizationMembership.objects.select_related("user"), pk=membership_id, org=access.org
    )


@org_view()
def org_detail(request, access):
    """The organization's members, 50 to a page, with their organization roles."""
    members = (
        OrganizationMembership.objects.filter(org=access.org)
        .select_related("user")
        .order_by("user__email", "pk")
    )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/org_detail.html",
        {"access": access, "org": access.org, "page": page, "roles": OrgRole.choices},
    )


def _member_page(request, access, membership, *, bound=None, status=200):
    """`bound`: the confirmation form of the action that was refused, shown with its error."""
    forms = {name: ConfirmForm(prefix=name) for name in ("remove", "deactivate")}
    if bound is not None:
        forms[bound.prefix] = bound
    return render(
        request,
        "organizations/member_detail.html",
        {
            "access": access,
            "org": access.org,
            "member": membership,
            "roles": OrgRole.choices,
            "sign_ins": AuditEvent.objects.sign_ins_of(membership.user)[:SIGN_INS_SHOWN],
            "remove_form": forms["remove"],
            "deactivate_form": forms["deactivate"],
        },
        status=status,
    )


@org_view()
def org_member(request, access, membership_id):
    """One member: their role, recent sign-ins, and the actions that ask first."""
    return _member_page(request, access, _member(access, membership_id))


@require_POST
@org_view()
def org_member_role(request, access, membership_id):
    membership = _member(access, membership_id)
    form = OrgRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
    else:
        try:
            services.org_member_change_role(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                ip=client_ip(request),
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Organization role changed."))
    return redirect("organizations:member", access.org.pk, membership.pk)


def _confirmed_action(request, access, membership_id, *, name, action, done, after):
    """Run `action` on one member if its confirmation box is ticked; else show the member's
    page again with the message, changing nothing."""
    membership = _member(access, membership_id)
    form = ConfirmForm(request.POST, prefix=name)
    if not form.is_valid():
        return _member_page(request, access, membership, bound=form, status=422)
    try:
        action(actor=request.user, membership=membership, ip=client_ip(request))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("organizations:member", access.org.pk, membership.pk)
    messages.success(request, done)
    return after(membership)


@require_POST
@org_view()
def org_member_remove(request, access, membership_id):
    def after(membership):
        if membership.user_id == request.user.pk:
            return redirect("home")
        return redirect("organizations:detail", access.org.pk)

    return _confirmed_action(
        request,
        access,
        membership_id,
        name="remove",
        action=services.org_member_remove,
        done=_("Removed from the organization."),
        after=after,
    )


@require_POST
@org_view()
def org_member_deactivate(request, access, membership_id):
    return _confirmed_action(
        request,
        access,
        membership_id,
        name="deactivate",
        action=services.account_deactivate,
        done=_("Account deactivated. It can no longer log in, and its sessions have ended."),
        after=lambda membership: redirect("organizations:member", access.org.pk, membership.pk),
    )
