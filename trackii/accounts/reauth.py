"""Re-authentication ("confirm it's you") before changing a password, an e-mail address or
a second factor.

A view decorated with @reauthentication_required runs only if the user proved who they are
(password, plus a fresh code if they have a second factor) within the last five minutes.
Otherwise the same URL shows a form asking for that proof, and posting it there comes
back to the page. A wrong password or code counts toward the login lockout.
"""

from functools import partial, wraps

from axes.helpers import get_lockout_response
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trackii.accounts import services, session_state
from trackii.accounts.forms import ReauthenticationForm
from trackii.privacy.audit import client_ip

#: The hidden field that tells the prompt's POST from the page's own.
MARKER = "reauthenticate"


#: Why the account pages ask: (with a second factor, without one).
ACCOUNT_CHANGE = (
    gettext_lazy(
        "Changing your password, e-mail address or second factor needs your password and a "
        "new code from your authenticator app."
    ),
    gettext_lazy("Changing your password, e-mail address or second factor needs your password."),
)


def _account(request, *args, **kwargs) -> str:
    return reverse("accounts:account")


def reauthentication_required(view=None, *, why=ACCOUNT_CHANGE, back=_account):
    """Run `view` only after a fresh proof of identity. `why` is what the prompt says
    (with a second factor, without one); `back(request, *args, **kwargs)` is the URL of
    its way back, for pages outside the account."""
    if view is None:
        return partial(reauthentication_required, why=why, back=back)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if session_state.recently_authenticated(request):
            return view(request, *args, **kwargs)
        return prompt(request, why=why, back=back(request, *args, **kwargs))

    return wrapped


def prompt(request, *, why=ACCOUNT_CHANGE, back=None):
    user = request.user
    with_code = services.has_second_factor(user)
    if request.method != "POST" or MARKER not in request.POST:
        form = ReauthenticationForm(with_code=with_code)
        # A form of the page itself, posted after the proof went stale, changes nothing.
        status = 200 if request.method == "GET" else 403
        return _render(request, form, with_code, status, why, back)
    if session_state.is_locked_out(request, user):
        logout(request)
        return get_lockout_response(request, None, session_state.lockout_credentials(user))
    form = ReauthenticationForm(request.POST, with_code=with_code)
    if not form.is_valid():
        return _render(request, form, with_code, 422, why, back)
    error = _check(user, form.cleaned_data, ip=client_ip(request))
    if error is None:
        session_state.reauthenticated(request)
        return redirect(request.get_full_path())
    if session_state.count_failure(request, user):
        logout(request)  # AxesMiddleware answers with the lockout page
    form.add_error(None, error)
    return _render(request, form, with_code, 422, why, back)


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


def _render(request, form, with_code, status, why, back):
    return render(
        request,
        "registration/reauthenticate.html",
        {
            "form": form,
            "marker": MARKER,
            "why": why[0] if with_code else why[1],
            "back": back or reverse("accounts:account"),
        },
        status=status,
    )
