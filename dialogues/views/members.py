"""Organizers manage who holds which role, invite people, and browse the audit log.

People are never added directly: they are invited by e-mail and become members when they
accept (trackii.organizations). The page answers an invitation the same whatever the
address, so it tells the organizer nothing about who has an account.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dialogues.forms.members import AuditFilterForm, MemberInviteForm, MemberRoleForm
from trackii.organizations import services as invitations
from trackii.organizations.models import AccountInvitation
from trackii.organizations.views import invitation_action
from trackii.privacy import services
from trackii.privacy.access import dialogue_view
from trackii.privacy.audit import client_ip
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role

ORGANIZERS = {Role.ORGANIZER}


def _member_page(request, access, invite_form, status=200):
    """Members 50 to a page: a big dialogue gives hundreds of participants an account.
    Below them the dialogue's invitations, newest first, 50 to a page as well."""
    members = (
        Membership.objects.filter(dialogue=access.dialogue)
        .select_related("user")
        .order_by("role", "user__email", "pk")
    )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    invitations = AccountInvitation.objects.filter(dialogue=access.dialogue).order_by(
        "-created_at", "-id"
    )
    invitation_page = Paginator(invitations, 50).get_page(request.GET.get("invitations"))
    return render(
        request,
        "dialogues/member_list.html",
        {
            "page": page,
            "invitation_page": invitation_page,
            "invite_form": invite_form,
            "roles": Role.choices,
        },
        status=status,
    )


@dialogue_view(roles=ORGANIZERS)
def member_list(request, access):
    if request.method != "POST":
        return _member_page(request, access, MemberInviteForm())
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = invitations.account_invitation_create(
                actor=request.user,
                org=access.dialogue.organization,
                dialogue=access.dialogue,
                email=form.cleaned_data["email"],
                dialogue_role=form.cleaned_data["role"],
                ip=client_ip(request),
            )
        except ValidationError as e:
            form.add_error(None, e)  # a dict of errors lands on its fields
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. They become a member when they accept it.")
                % {"email": invitation.email},
            )
            return redirect("dialogues:member-list", access.dialogue.pk)
    return _member_page(request, access, form, status=422)


def _invitation_action(request, access, invitation_id, action: str):
    """One of this dialogue's invitations (trackii.organizations.views.invitation_action)."""
    invitation = get_object_or_404(AccountInvitation, pk=invitation_id, dialogue=access.dialogue)
    then = reverse("dialogues:member-list", args=[access.dialogue.pk])
    return invitation_action(request, invitation, action, then=then)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def member_invitation_resend(request, access, invitation_id):
    return _invitation_action(request, access, invitation_id, "resend")


@require_POST
@dialogue_view(roles=ORGANIZERS)
def member_invitation_revoke(request, access, invitation_id):
    return _invitation_action(request, access, invitation_id, "revoke")


@require_POST
@dialogue_view(roles=ORGANIZERS)
def member_role(request, access, membership_id):
    membership = get_object_or_404(Membership, pk=membership_id, dialogue=access.dialogue)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the listed roles."))
    else:
        try:
            services.membership_change_role(
                actor=request.user,
                membership=membership,
                role=form.cleaned_data["role"],
                ip=client_ip(request),
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Role changed."))
    return redirect("dialogues:member-list", access.dialogue.pk)


@require_POST
@dialogue_view(roles=ORGANIZERS)
def member_remove(request, access, membership_id):
    membership = get_object_or_404(Membership, pk=membership_id, dialogue=access.dialogue)
    try:
        services.membership_remove(actor=request.user, membership=membership, ip=client_ip(request))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, _("Member removed. They no longer see anything of this dialogue.")
        )
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("dialogues:member-list", access.dialogue.pk)


@dialogue_view(roles=ORGANIZERS)
def audit_list(request, access):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(dialogue=access.dialogue).select_related("actor")
    if form.is_valid():
        if form.cleaned_data["action"]:
            events = events.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["actor"]:
            events = events.filter(actor__email__iexact=form.cleaned_data["actor"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "dialogues/audit_list.html", {"form": form, "page": page})
