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
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from trackii.accounts import services as accounts
from trackii.accounts import session_state
from trackii.lib import ratelimit
from trackii.lib.http import private_link_page
from trackii.organizations import services
from trackii.organizations.forms import AccountSetupForm
from trackii.privacy.audit import client_ip

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
