"""Middleware of the login: second factor, enforcement of it, idle timeout."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii import i18n
from trackii.accounts import services, session_state
from trackii.passkeys.models import Passkey


def _redirect(request, url):
    """A redirect that htmx follows with a full page load, not inside a fragment."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


class UserLanguageMiddleware:
    """After authentication: a user's own language setting (the account page) decides the
    app's language; without one, the browser's (LocaleMiddleware's guess from the language
    cookie or Accept-Language), among the app's languages only. Participants' private pages
    choose their own language in their views (trackii.i18n.participant_language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        i18n.app_language(request, request.user)
        return self.get_response(request)


class SecondFactorDeviceMiddleware(OTPMiddleware):
    """django-otp's OTPMiddleware (request.user.is_verified(), request.user.otp_device),
    without its query per request.

    The user of a request comes with the ids of their confirmed devices
    (trackii.accounts.backends). The session is verified when the device it was
    verified with is one of them; the device itself is loaded only if something reads it.
    A device removed or replaced since leaves the session unverified at once.

    A user may have several passkeys, and the user's row carries only whether they have one:
    a session verified with a passkey stays verified while the user has any, and removing a
    passkey ends the sessions verified with it (trackii.passkeys.services.passkey_remove).
    """

    def _verify_user_sync(self, request, user):
        if not (user.is_authenticated and hasattr(user, "passkey_device_id")):
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        confirmed = {
            f"{TOTPDevice.model_label()}/{user.totp_device_id}",
            f"{StaticDevice.model_label()}/{user.static_device_id}",
        }
        with_passkey = (
            persistent_id is not None
            and user.passkey_device_id is not None
            and persistent_id.startswith(f"{Passkey.model_label()}/")
        )
        if persistent_id and (persistent_id in confirmed or with_passkey):
            user.otp_device = SimpleLazyObject(lambda: Device.from_persistent_id(persistent_id))
        elif persistent_id:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


#: The only pages a user who still owes a second factor may open, by what they owe.
PENDING_ALLOWED = {
    "verify": {
        "accounts:second-factor-verify",
        "passkeys:authentication-options",
        "passkeys:passkey-login",
        "accounts:logout",
    },
    "enrol": {
        "accounts:second-factor-setup",
        "accounts:second-factor-qr",
        "accounts:logout",
    },
}
PENDING_TARGET = {
    "verify": "accounts:second-factor-verify",
    "enrol": "accounts:second-factor-setup",
}


class SecondFactorRequiredMiddleware:
    """Users with a second factor must enter a code, and organizers and facilitators
    without one must set it up, before any page but those steps and logging out.

    Participants, funders and observers without a second factor are not asked.
    Static files are served before this (whitenoise).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        step = services.second_factor_step(user)
        if step is None:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in PENDING_ALLOWED[step]:
            return None
        url = reverse(PENDING_TARGET[step])
        if request.method == "GET" and request.headers.get("HX-Request") != "true":
            url += "?" + urlencode({"next": request.get_full_path()})
        return _redirect(request, url)


class IdleTimeoutMiddleware:
    """Log out a session unused for SESSION_IDLE_TIMEOUT seconds.

    The last-seen time is kept in the session and written at most once a minute
    (pages that poll would otherwise write the session on every request). The
    absolute limit (SESSION_COOKIE_AGE from the login) is the session's own expiry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = session_state.now()
            last_seen = session.get(session_state.LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)d minutes without activity.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60},
                )
                if request.method == "GET" and request.headers.get("HX-Request") != "true":
                    return redirect_to_login(request.get_full_path())
                return _redirect(request, reverse(settings.LOGIN_URL))
            if not isinstance(last_seen, int) or now - last_seen >= session_state.TOUCH_INTERVAL:
                session[session_state.LAST_SEEN_KEY] = now
                services.session_touch(session_key=session.session_key)
        return self.get_response(request)
