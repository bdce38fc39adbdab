"""Passkeys on the account page (add, remove) and at the second step of a login.

Adding and removing need a fresh proof of identity (reauth.py), as every change to how an
account logs in does. Passkeys stand in for the authenticator app's code, so only users who
have a second factor may add one. A refused passkey at login counts toward the lockout, as a
wrong code does.
"""

import ipaddress

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii.accounts import services as account_services
from trackii.accounts import session_state
from trackii.accounts.reauth import reauthentication_required
from trackii.passkeys import challenges, services
from trackii.passkeys.forms import PasskeyAddForm
from trackii.passkeys.models import Passkey
from trackii.privacy.audit import client_ip


def relying_party(request) -> tuple[str, str]:
    """The RP ID (PASSKEY_RP_ID, or the request's host name) and the origin a browser on
    this site reports. The host was checked against ALLOWED_HOSTS by get_host()."""
    host = request.get_host()
    domain, _port = split_domain_port(host)
    return settings.PASSKEY_RP_ID or domain, f"{request.scheme}://{host}"


def _is_ip_address(rp_id: str) -> bool:
    try:
        ipaddress.ip_address(rp_id.strip("[]"))
    except ValueError:
        return False
    return True


def _json(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/json")


# --- Adding and removing (account page) --------------------------------------------


def passkey_add(request):
    if not account_services.has_second_factor(request.user):
        raise Http404
    return _passkey_add(request)


@reauthentication_required
def _passkey_add(request):
    form = PasskeyAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rp_id, origin = relying_party(request)
        try:
            services.passkey_register(
                user=request.user,
                name=form.cleaned_data["name"],
                credential=form.cleaned_data["credential"],
                challenge=challenges.take(request, purpose=challenges.REGISTER),
                rp_id=rp_id,
                origin=origin,
                ip=client_ip(request),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("Your passkey is added. You can log in with it now."))
            return redirect("accounts:account")
    return render(
        request,
        "passkeys/passkey_add.html",
        {"form": form, "ip_host": _is_ip_address(relying_party(request)[0])},
        status=422 if form.errors else 200,
    )


@require_POST
def registration_options(request):
    """Options for the browser to make a passkey (JSON); the challenge stays in the session."""
    if not account_services.has_second_factor(request.user):
        raise Http404
    return _registration_options(request)


@reauthentication_required
def _registration_options(request):
    rp_id, _origin = relying_party(request)
    options, challenge = services.registration_options(user=request.user, rp_id=rp_id)
    challenges.issue(request, purpose=challenges.REGISTER, challenge=challenge)
    return _json(options)


def passkey_remove(request, passkey_id):
    passkey = get_object_or_404(Passkey.objects.for_user(request.user), pk=passkey_id)
    return _passkey_remove(request, passkey)


@reauthentication_required
def _passkey_remove(request, passkey):
    if request.method != "POST":
        return render(request, "passkeys/passkey_remove.html", {"passkey": passkey})
    verified_with_it = request.session.get(DEVICE_ID_SESSION_KEY) == passkey.persistent_id
    account_services.passkey_remove(
        user=request.user,
        passkey=passkey,
        keep_session_key=request.session.session_key,
        ip=client_ip(request),
    )
    if verified_with_it:
        # This session stays: the user just confirmed it is them with their app's code.
        otp_login(
            request,
            TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("-pk").first(),
        )
    messages.success(request, _("The passkey is removed. It can no longer be used to log in."))
    return redirect("accounts:account")


# --- Logging in --------------------------------------------------------------------


def _next_url(request) -> str:
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url("home")


def _owes_passkey_step(user) -> bool:
    return (
        not user.is_verified()
        and account_services.second_factor_step(user) == "verify"
        and account_services.has_passkey(user)
    )


@require_POST
def authentication_options(request):
    """Options for the browser to sign in with one of the user's passkeys (JSON), at the
    second step of a login only."""
    if not _owes_passkey_step(request.user):
        raise Http404
    rp_id, _origin = relying_party(request)
    options, challenge = services.authentication_options(user=request.user, rp_id=rp_id)
    challenges.issue(request, purpose=challenges.AUTHENTICATE, challenge=challenge)
    return _json(options)


@require_POST
def passkey_login(request):
    """The second step of a login with a passkey instead of a code.

    A refused passkey counts toward the lockout of this account from this address, as a
    wrong code does; at the limit the session ends and the lockout page answers.
    """
    user = request.user
    next_url = _next_url(request)
    if user.is_verified() or account_services.second_factor_step(user) != "verify":
        return redirect(next_url)
    if session_state.is_locked_out(request, user):
        logout(request)
        return get_lockout_response(request, None, session_state.lockout_credentials(user))
    rp_id, origin = relying_party(request)
    passkey = services.passkey_authenticate(
        user=user,
        credential=request.POST.get("credential", ""),
        challenge=challenges.take(request, purpose=challenges.AUTHENTICATE),
        rp_id=rp_id,
        origin=origin,
    )
    if passkey is not None:
        session_state.second_factor_passed(request, passkey)
        return redirect(next_url)
    if session_state.count_failure(request, user):
        logout(request)  # AxesMiddleware answers with the lockout page
        return redirect("accounts:login")
    messages.error(
        request, _("That passkey could not be checked. Try again, or enter a code instead.")
    )
    verify = reverse("accounts:second-factor-verify")
    return redirect(f"{verify}?{urlencode({'next': next_url})}")
