"""What a session knows about its login: when it started, when the user last proved who
they are, when it was last used. Helpers for views and middleware (they take the request;
the services they call do not).
"""

import time
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django_otp import login as otp_login

from trackii.accounts import services
from trackii.privacy.audit import client_ip

#: Unix time of the last request of this session (refreshed at most once a minute).
LAST_SEEN_KEY = "trackii_last_seen"
#: Unix time at which the user last typed their password (and code, if they have one).
AUTHENTICATED_AT_KEY = "trackii_authenticated_at"
#: Changing the password, e-mail or second factor needs a proof no older than this.
REAUTHENTICATION_MAX_AGE = 5 * 60
#: The last-seen time is written at most this often, so polling pages do not write each time.
TOUCH_INTERVAL = 60


def now() -> int:
    return int(time.time())


def login_started(request, user) -> None:
    """A new login (password checked, or a test's force_login): bookkeeping for the session.

    The session ends SESSION_COOKIE_AGE after this, however active it is (an explicit
    expiry date is kept as the session changes), and is listed among the user's sessions.
    """
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
    request.session[LAST_SEEN_KEY] = now()
    services.session_record(
        user=user,
        session_key=request.session.session_key,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def login_completed(request, user) -> None:
    """Password and, for users who have one, second factor passed: the login is complete.

    Counts as a fresh proof of identity, and clears the failed attempts of this
    account from this address (django-axes is told not to do so at the password step,
    which would let an attacker who knows the password guess codes forever).
    """
    request.session[AUTHENTICATED_AT_KEY] = now()
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=user.email)


def second_factor_passed(request, device) -> None:
    """The session proved the second factor: mark it verified, under a new session key."""
    otp_login(request, device)
    old_key = request.session.session_key
    request.session.cycle_key()
    rotate_token(request)
    services.session_rekey(old_key=old_key, new_key=request.session.session_key)
    login_completed(request, request.user)


def reauthenticated(request) -> None:
    request.session[AUTHENTICATED_AT_KEY] = now()


def recently_authenticated(request) -> bool:
    at = request.session.get(AUTHENTICATED_AT_KEY)
    return isinstance(at, int) and 0 <= now() - at <= REAUTHENTICATION_MAX_AGE


def lockout_credentials(user) -> dict:
    """What django-axes keys a lockout on (with the address): the account's e-mail."""
    return {settings.AXES_USERNAME_FORM_FIELD: user.email}


def is_locked_out(request, user) -> bool:
    return not AxesProxyHandler.is_allowed(request, lockout_credentials(user))


def count_failure(request, user) -> bool:
    """A wrong password or code from a logged-in session: count it as a failed login.

    django-axes counts it for this account and address (and audits it), exactly as a
    wrong password on the login page. Returns whether the account is now locked out from
    this address; AxesMiddleware then answers the request with the lockout page.
    """
    user_login_failed.send(sender=__name__, credentials=lockout_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))
