"""Re-authentication ("confirm it's you") before changing a password, an e-mail address or
a second factor.

A view decorated with @reauthentication_required runs only if the user proved who they are
(password, plus a fresh code if they have a second factor) within the last five minutes.
Otherwise the same URL shows a form asking for that proof, and posting it there comes
back to the page. A wrong password or code counts toward the login lockout.
"""

from functools import wraps

from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trackii.accounts import services, session_state
from trackii.accounts.forms import ReauthenticationForm
from trackii.privacy.audit import client_ip

#: The hidden field that tells the prompt's POST from the page's own.
MARKER = "reauthenticate"


def reauthentication_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if session_state.recently_authenticated(request):
            return view(request, *args, **kwargs)
        return prompt(request)

    return wrapped


def prompt(request):
    user = request.user
    with_code = services.has_second_factor(user)
    if request.method != "POST" or MARKER not in request.POST:
        form = ReauthenticationForm(with_code=with_code)
        # A form of the page itself, posted after the proof went stale, changes nothing.
        status = 200 if request.method == "GET" else 403
        return _render(request, form, with_code, status)
    if session_state.is_locked_out(request, user):
        logout(request)
        return get_lockout_response(request, None, session_state.lockout_credentials(user))
    form = ReauthenticationForm(request.POST, with_code=with_code)
    if not form.is_valid():
        return _render(request, form, with_code, 422)
    error = _check(user, form.cleaned_data, ip=client_ip(request))
    if error is None:
        session_state.reauthenticated(request)
        return redirect(request.get_full_path())
    if session_state.count_failure(request, user):
        logout(request)  # AxesMiddleware answers with the lockout page
    form.add_error(None, error)
    return _render(request, form, with_code, 422)


def _check(user, data, *, ip: str | None) -> str | None:
    """None if the password (and code) are right, else the message to show."""
    if not user.check_password(data["password"]):
        return _("That password is not right.")
    if "code" in data:
        check = services.second_factor_check(user=user, code=data["code"], ip=ip)
        if check.throttled:
            return _("Too many wrong codes in a row. Wait a few seconds, then try again.")
        if not check.ok:
            return _("That code is not right, or it was used already. Wait for a new one.")
    return None


def _render(request, form, with_code, status):
    return render(
        request,
        "registration/reauthenticate.html",
        {"form": form, "with_code": with_code, "marker": MARKER},
        status=status,
    )
