"""The invitation link, /join/<token>/: how an invited person becomes a member.

Whoever holds the token is the invited person as far as the page goes: it shows them the
dialogue's code name (or the organization's name), the role and the invited address, and
then, depending on who is there:
- nobody logged in, no account uses the address: a form to set their name and password;
  the account is made, logged in, and the invitation accepted;
- nobody logged in, an account uses the address: a link to log in with it, which comes
  back here;
- logged in with the invited address: an Accept button;
- logged in with another account: a refusal that names no address.

The link holder is the invitee, so telling them whether their address has an account
reveals nothing to a third party; the inviter never learns it (services.py).

How it keeps the token secret (as the participants' /i/<token>/ does): never rendered into
the page (forms post to "./"), never put in a redirect; no referrer, no store; the log
filter in settings redacts /join/<token>/. Wrong, expired, revoked and used tokens answer
the same 404, which names nothing. Requests are rate-limited per address, before any
lookup.

CSRF: exempt, as the private invitation link is. With `no-referrer` browsers send
`Origin: null`, which Django's CSRF check rejects; a forged cross-site post would need
the 256-bit token, the very secret the attacker lacks.

An organization's own pages: its members and their accounts. Administrators only.

Members of the organization who are not administrators get 403; anyone else, and any
organization id that is not theirs, 404 (trackii.organizations.access).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from trackii.accounts import services as accounts
from trackii.accounts import session_state
from trackii.lib import ratelimit
from trackii.lib.http import private_link_page
from trackii.organizations import services
from trackii.organizations.access import org_view
from trackii.organizations.forms import (
    AccountSetupForm,
    ColleagueInviteForm,
    ConfirmForm,
    OrgRoleForm,
)
from trackii.organizations.models import AccountInvitation, OrganizationMembership, OrgRole
from trackii.privacy.audit import client_ip
from trackii.privacy.models import AuditEvent

RATE_SCOPE = "account-invitation-link"
RATE_LIMIT = 30  # requests per address...
RATE_WINDOW = 10 * 60  # ...in ten minutes
BACKEND = "trackii.accounts.backends.AccountBackend"


def _not_found(request):
    return render(request, "organizations/join_not_found.html", status=404)


def _welcome(request, invitation):
    """Where an accepted invitation leads: its dialogue, or the dashboard."""
    if invitation.dialogue is not None:
        messages.success(
            request,
            _("Welcome to %(name)s. You take part as %(role)s.")
            % {
                "name": invitation.dialogue.code_name,
                "role": invitation.get_dialogue_role_display(),
            },
        )
        return redirect("dialogues:detail", dialogue_id=invitation.dialogue_id)
    messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.org.name})
    return redirect("home")


@login_not_required
@csrf_exempt
@private_link_page
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    if not ratelimit.allow(RATE_SCOPE, client_ip(request), limit=RATE_LIMIT, window=RATE_WINDOW):
        response = render(request, "organizations/join_too_many.html", status=429)
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    invitation = services.account_invitation_for_token(token)
    if invitation is None:
        return _not_found(request)
    if request.user.is_authenticated:
        return _as_member(request, invitation)
    if get_user_model().objects.filter(email=invitation.email.lower()).exists():
        login_url = reverse("accounts:login") + "?" + urlencode({"next": request.path})
        context = {"invitation": invitation, "login_url": login_url}
        return render(request, "organizations/join_log_in.html", context)
    return _new_account(request, invitation)


def _as_member(request, invitation):
    if not services.invitation_is_for(invitation, request.user):
        return render(request, "organizations/join_other_account.html", status=403)
    if request.method == "POST":
        try:
            services.account_invitation_accept(
                invitation=invitation, user=request.user, ip=client_ip(request)
            )
        except PermissionDenied:  # used, revoked or expired since the lookup
            return _not_found(request)
        return _welcome(request, invitation)
    return render(request, "organizations/join_accept.html", {"invitation": invitation})


def _new_account(request, invitation):
    form = AccountSetupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            user = services.account_create_from_invitation(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except PermissionDenied:
            return _not_found(request)
        except ValidationError as e:
            form.add_error(None, e)  # {"password": [...]} lands on the field
        else:
            auth_login(request, user, backend=BACKEND)
            # They typed their password just now: setting up a second factor (which the
            # middleware asks of organizers and facilitators before any page) needs no
            # second asking; nobody else owes a step, so their login is complete.
            if accounts.second_factor_step(user) is None:
                session_state.login_completed(request, user)
            else:
                session_state.reauthenticated(request)
            return _welcome(request, invitation)
    status = 422 if form.is_bound else 200
    return render(
        request,
        "organizations/join_new_account.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


#: How many recent sign-ins, failed attempts and lockouts a member's page lists.
SIGN_INS_SHOWN = 20


def _member(access, membership_id) -> OrganizationMembership:
    return get_object_or_404(
        OrganizationMembership.objects.select_related("user"), pk=membership_id, org=access.org
    )


def _org_page(request, access, invite_form, status=200):
    """The organization's members, 50 to a page, with their organization roles; below them
    the invitations to the organization, newest first, 50 to a page as well."""
    members = (
        OrganizationMembership.objects.filter(org=access.org)
        .select_related("user")
        .order_by("user__email", "pk")
    )
    invitations = AccountInvitation.objects.filter(org=access.org, dialogue=None).order_by(
        "-created_at", "-id"
    )
    return render(
        request,
        "organizations/org_detail.html",
        {
            "access": access,
            "org": access.org,
            "page": Paginator(members, 50).get_page(request.GET.get("page")),
            "invitation_page": Paginator(invitations, 50).get_page(request.GET.get("invitations")),
            "invite_form": invite_form,
            "roles": OrgRole.choices,
        },
        status=status,
    )


@org_view()
def org_detail(request, access):
    """The members, and inviting a colleague: the same answer for any address (the page
    tells nothing about who has an account); they join when they accept."""
    if request.method != "POST":
        return _org_page(request, access, ColleagueInviteForm())
    form = ColleagueInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.account_invitation_create(
                actor=request.user,
                org=access.org,
                email=form.cleaned_data["email"],
                org_role=form.cleaned_data["role"],
                ip=client_ip(request),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. They join when they accept it.")
                % {"email": invitation.email},
            )
            return redirect("organizations:detail", access.org.pk)
    return _org_page(request, access, form, status=422)


#: Resending or revoking an invitation to an account, and what the user reads when it worked.
INVITATION_ACTIONS = {
    "resend": (
        services.account_invitation_resend,
        gettext_lazy("A new link is on its way. The previous link no longer works."),
    ),
    "revoke": (
        services.account_invitation_revoke,
        gettext_lazy("Invitation revoked. Its link no longer works."),
    ),
}


def invitation_action(request, invitation: AccountInvitation, action: str, *, then: str):
    """Resend or revoke (`action`) one invitation the caller looked up in its own scope, then
    go back to `then`. A refusal of the service becomes a message; nothing else changes.
    The organization's page and a dialogue's members page both use it."""
    service, done = INVITATION_ACTIONS[action]
    try:
        service(actor=request.user, invitation=invitation, ip=client_ip(request))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, done)
    return redirect(then)


def _org_invitation_action(request, access, invitation_id, action: str):
    """One of the organization's own invitations (not a dialogue's)."""
    invitation = get_object_or_404(
        AccountInvitation, pk=invitation_id, org=access.org, dialogue=None
    )
    then = reverse("organizations:detail", args=[access.org.pk])
    return invitation_action(request, invitation, action, then=then)


@require_POST
@org_view()
def org_invitation_resend(request, access, invitation_id):
    return _org_invitation_action(request, access, invitation_id, "resend")


@require_POST
@org_view()
def org_invitation_revoke(request, access, invitation_id):
    return _org_invitation_action(request, access, invitation_id, "revoke")


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
