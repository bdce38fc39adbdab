"""Logging in (password, then second factor), the account page, and what it changes.

Organizers and facilitators must use a second factor; anyone may. Changing the password,
the e-mail address or the second factor asks for the password again (reauth.py).
"""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii import i18n
from trackii.accounts import services, session_state
from trackii.accounts.forms import (
    AuthenticatorSetupForm,
    EmailChangeForm,
    LoginForm,
    ProfileForm,
    ReminderForm,
    SecondFactorCodeForm,
)
from trackii.accounts.middleware import PENDING_TARGET
from trackii.accounts.reauth import reauthentication_required
from trackii.lib.http import private_link_page
from trackii.passkeys.models import Passkey
from trackii.privacy.audit import client_ip
from trackii.privacy.models import AuditEvent

#: Clears what the browser holds for the site when a user logs out (shared computers).
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


def _next_url(request) -> str:
    """Where to go once logged in: a `next` on this site, or the dashboard. Only a path
    (starting with one "/") is taken: anything else would be read as a URL pattern name
    by redirect() and answer 500."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url("home")


def _with_next(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


# --- Login, second factor, logout --------------------------------------------------


class LoginView(auth_views.LoginView):
    """The password step. A user with a second factor (or who must set one up) is sent
    on to that step; only then is the login complete."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)  # a new session key
        next_url = self.get_success_url()
        step = services.second_factor_step(user)
        if step is None:
            session_state.login_completed(self.request, user)
            return redirect(next_url)
        if step == "enrol":
            # They just typed their password: setting up the factor needs no second asking.
            session_state.reauthenticated(self.request)
        return redirect(_with_next(PENDING_TARGET[step], next_url))


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


def second_factor_verify(request):
    """The second step of a login: a code from the authenticator app or a recovery code.

    A wrong code counts toward the lockout of this account from this address, as a
    wrong password does; at the limit the session ends and the lockout page answers.
    """
    user = request.user
    next_url = _next_url(request)
    if user.is_verified() or services.second_factor_step(user) != "verify":
        return redirect(next_url)
    if request.method != "POST":
        return _verify_page(request, SecondFactorCodeForm(), next_url)
    if session_state.is_locked_out(request, user):
        logout(request)
        return get_lockout_response(request, None, session_state.lockout_credentials(user))
    form = SecondFactorCodeForm(request.POST)
    if not form.is_valid():
        return _verify_page(request, form, next_url, status=422)
    check = services.second_factor_check(
        user=user, code=form.cleaned_data["code"], ip=client_ip(request)
    )
    if check.ok:
        session_state.second_factor_passed(request, check.device)
        return redirect(next_url)
    if check.throttled:
        form.add_error(
            "code", _("Too many wrong codes in a row. Wait a few seconds, then try again.")
        )
    else:
        form.add_error("code", _("That code is not right, or it was used already."))
    if session_state.count_failure(request, user):
        logout(request)  # AxesMiddleware answers with the lockout page
    return _verify_page(request, form, next_url, status=422)


def _verify_page(request, form, next_url, status=200):
    # After the last wrong code the session is logged out (the lockout page answers).
    has_passkey = request.user.is_authenticated and services.has_passkey(request.user)
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": next_url, "has_passkey": has_passkey},
        status=status,
    )


@reauthentication_required
def second_factor_setup(request):
    """Set up an authenticator app (first login of a team member, or from the account page).

    On success the recovery codes are shown, once, in the response itself: they are kept
    nowhere else for display.
    """
    device = services.authenticator_pending(user=request.user)
    next_url = _next_url(request)
    if request.method != "POST":
        return _setup_page(request, device, AuthenticatorSetupForm(), next_url)
    form = AuthenticatorSetupForm(request.POST)
    result = None
    if form.is_valid():
        result = services.authenticator_confirm(
            user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
        if result is None:
            form.add_error(
                "code",
                _(
                    "That code does not match. Check that the app shows trackii, "
                    "then try its next code."
                ),
            )
    if result is None:
        return _setup_page(request, device, form, next_url, status=422)
    device, codes = result
    session_state.second_factor_passed(request, device)
    messages.success(request, _("Your second factor is on."))
    return _codes_page(request, codes, next_url)


def _setup_page(request, device, form, next_url, status=200):
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": services.second_factor_required(request.user),
            "replacing": services.has_second_factor(request.user),
        },
        status=status,
    )


def _codes_page(request, codes, next_url):
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": next_url})


def second_factor_qr(request):
    """The QR code of the authenticator app being set up, as SVG (no inline style: strict CSP)."""
    if not session_state.recently_authenticated(request):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-pk").first()
    if device is None:
        raise Http404
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")


def recovery_codes(request):
    """Make a new set of recovery codes (the old ones stop working)."""
    if not services.has_second_factor(request.user):
        raise Http404
    return _recovery_codes(request)


@reauthentication_required
def _recovery_codes(request):
    if request.method != "POST":
        return render(request, "registration/recovery_codes_confirm.html")
    codes = services.recovery_codes_regenerate(user=request.user, ip=client_ip(request))
    messages.success(request, _("New recovery codes made. The old ones no longer work."))
    return _codes_page(request, codes, reverse("accounts:account"))


def second_factor_remove(request):
    """Turn the second factor off. Only for those who chose it: the team must keep it."""
    if not services.has_second_factor(request.user):
        raise Http404
    if services.second_factor_required(request.user):
        raise PermissionDenied
    return _second_factor_remove(request)


@reauthentication_required
def _second_factor_remove(request):
    if request.method != "POST":
        return render(request, "registration/second_factor_remove.html")
    services.second_factor_remove(user=request.user, ip=client_ip(request))
    messages.success(request, _("Your second factor is off. Logging in needs only your password."))
    return redirect("accounts:account")


# --- The account page ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def reminders(request):
    """Which kinds of reminder the user's daily e-mail carries (trackii/workflows/reminders.py)."""
    form = ReminderForm(initial={"kinds": sorted(services.reminder_kinds_wanted(request.user))})
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            services.reminder_kinds_set(user=request.user, wanted=form.cleaned_data["kinds"])
            messages.success(request, _("Your choice of reminders is saved."))
            return redirect("accounts:reminders")
    return render(request, "registration/reminders.html", {"form": form})


#: How many recent sign-ins, failed attempts and lockouts the account page lists.
SIGN_INS_SHOWN = 20


def account(request):
    """The user's own account: name, e-mail, password, second factor, sessions, and the
    recent sign-ins, failed attempts and lockouts of the account."""
    form = ProfileForm(instance=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = services.user_update_profile(
                user=request.user,
                display_name=form.cleaned_data["display_name"],
                language=form.cleaned_data["language"],
            )
            # The message, and the page after the redirect, in the language just chosen.
            i18n.app_language(request, user)
            messages.success(request, _("Your name and language are saved."))
            return redirect("accounts:account")
    user = request.user
    has_factor = services.has_second_factor(user)
    return render(
        request,
        "registration/account.html",
        {
            "form": form,
            "has_second_factor": has_factor,
            "second_factor_required": services.second_factor_required(user),
            "recovery_codes_left": services.recovery_codes_left(user=user) if has_factor else 0,
            "passkeys": Passkey.objects.for_user(user) if has_factor else [],
            "sessions": services.sessions_active(user=user),
            "sign_ins": AuditEvent.objects.sign_ins_of(user)[:SIGN_INS_SHOWN],
            "current_session_key": request.session.session_key,
            "email_link_expires_at": services.email_change_link_expires_at(user),
            "now": timezone.now(),
        },
        status=422 if form.errors else 200,
    )


@reauthentication_required
def email_change(request):
    """Ask for a new login address: it only changes once a link sent to it is confirmed."""
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_email_change_request(
                user=request.user, email=form.cleaned_data["email"], ip=client_ip(request)
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                _(
                    "A link is on its way to %(email)s. Open it while logged in here and "
                    "confirm: until then you keep logging in with %(current)s."
                )
                % {"email": request.user.pending_email, "current": request.user.email},
            )
            return redirect("accounts:account")
    return render(
        request,
        "registration/email_change.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def email_change_resend(request):
    if services.user_email_change_resend(user=request.user):
        messages.success(
            request,
            _("A new link is on its way to %(email)s. Links sent before no longer work.")
            % {"email": request.user.pending_email},
        )
    else:
        messages.info(request, _("No change of e-mail address is waiting."))
    return redirect("accounts:account")


@require_POST
def email_change_cancel(request):
    if services.user_email_change_cancel(user=request.user):
        messages.success(
            request, _("The change of e-mail address is cancelled. Its link no longer works.")
        )
    else:
        messages.info(request, _("No change of e-mail address is waiting."))
    return redirect("accounts:account")


@csrf_exempt
@private_link_page
@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """The link e-mailed to a new address: GET shows what would change, POST changes it.

    Mail scanners open links, so a GET changes nothing. The link opens only for the user
    it was made for; anyone else (and a wrong, expired or used link) gets the same 404,
    which names nothing. Anonymous visitors are sent to log in first (LoginRequiredMiddleware).
    The token is never written into the page: the form posts to the page's own address.

    CSRF: exempt, as the private invitation link is. With `no-referrer` browsers send
    `Origin: null` with the form, which Django's check rejects; a forged cross-site post
    would need the 256-bit token, the very secret the attacker lacks, and works only in
    the session of the user the link was made for.
    """
    pending = services.email_change_for_link(user=request.user, token=token)
    if pending is None:
        return render(request, "registration/email_confirm_not_found.html", status=404)
    error, status = None, 200
    if request.method == "POST":
        try:
            services.user_email_change_confirm(
                user=request.user, token=token, ip=client_ip(request)
            )
        except PermissionDenied:  # used or replaced since the GET above
            return render(request, "registration/email_confirm_not_found.html", status=404)
        except ValidationError as e:
            error, status = e.messages[0], 409
        else:
            messages.success(
                request,
                _("You log in with %(email)s from now on.") % {"email": request.user.email},
            )
            return redirect("accounts:account")
    context = {"pending": pending, "error": error}
    return render(request, "registration/email_confirm.html", context, status=status)


@reauthentication_required
def password_change(request):
    """A new password (the current one was just asked for); every other session ends."""
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        old_key = request.session.session_key
        form.save()
        update_session_auth_hash(request, form.user)  # keeps this session, under a new key
        services.session_rekey(old_key=old_key, new_key=request.session.session_key)
        services.user_password_changed(
            user=form.user, keep_session_key=request.session.session_key, ip=client_ip(request)
        )
        return redirect("accounts:password_change_done")
    return render(
        request,
        "registration/password_change_form.html",
        {"form": form},
        status=422 if form.errors else 200,
    )


@require_POST
def sessions_end_others(request):
    """Log out everywhere else: every session of this user but the current one ends."""
    count = services.sessions_end_others(
        user=request.user, keep_session_key=request.session.session_key, ip=client_ip(request)
    )
    messages.success(
        request,
        ngettext(
            "%(count)d other session is logged out.",
            "%(count)d other sessions are logged out.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:account")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from a reset link. The user is not logged in by it (the second
    factor is still asked at the next login), and every session of theirs ends."""

    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_password_changed(user=form.user, ip=client_ip(self.request), via="reset")
        return response
