"""Privacy cases for the account pages: the account itself, e-mail, sessions, second factor.

Every visitor sees only their own account. The cast logs in as the test fixtures do:
organizers and facilitators (other_member too) have passed their second factor; nobody
has re-authenticated in the last five minutes, so pages that change the e-mail address,
the password or the second factor answer with the "confirm it's you" form (200 on GET,
403 on a POST of the page's own form).

- The second factor's QR code: 403 without a fresh re-authentication.
- Recovery codes and turning the factor off: 404 for users who have no second factor;
  turning it off is 403 for organizers and facilitators, who must keep it.
- The verify step: nothing left to verify, so it sends everyone on (302).

- The link that confirms a new e-mail address: only the organizer has one waiting; it
  opens (200, and its POST confirms, 302) for them alone, and is 404 for everyone else.
  Sending it again and cancelling answer every logged-in user with a redirect.

Canaries: the browser of one of the organizer's other sessions (only the organizer may
see it, on their account page), of a session of a user outside the cast (nobody), and the
organizer's new address waiting for confirmation (only the organizer).
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from tests.factories import UserFactory
from tests.privacy.url_cases import TEAM_WITH_FACTOR, Case, everyone, only_with_factor
from trackii.accounts.services import hash_token, session_record

CANARIES = {
    "CANARY-ACCOUNT-ORGANIZER-BROWSER": {"organizer"},
    "CANARY-ACCOUNT-STRANGER-BROWSER": set(),
    "canary-account-pending-email@example.org": {"organizer"},
}

#: The token of the organizer's link to confirm their new address (only its hash is stored).
EMAIL_CONFIRM_TOKEN = "canary-account-email-confirm-token"


def _live_session(user, user_agent):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    session_record(user=user, session_key=store.session_key, user_agent=user_agent)


def plant(world):
    _live_session(world.cast["organizer"], "CANARY-ACCOUNT-ORGANIZER-BROWSER")
    _live_session(UserFactory(), "CANARY-ACCOUNT-STRANGER-BROWSER")
    organizer = world.cast["organizer"]
    organizer.pending_email = "canary-account-pending-email@example.org"
    organizer.pending_email_token_hash = hash_token(EMAIL_CONFIRM_TOKEN)
    organizer.pending_email_sent_at = timezone.now()
    organizer.save()


CASES = [
    Case("accounts:account", everyone(200)),
    # Each user's own choice of reminders: nobody reads or changes another's.
    Case("accounts:reminders", everyone(200)),
    Case(
        "accounts:account",
        everyone(302),
        method="post",
        data=lambda w: {"display_name": "A new display name"},
        label="rename",
    ),
    Case("accounts:email-change", everyone(200)),
    Case(
        "accounts:email-change",
        everyone(403),
        method="post",
        data=lambda w: {"email": "taken-over@example.org"},
        label="stale",
    ),
    Case("accounts:email-change-resend", everyone(302), method="post"),
    Case("accounts:email-change-cancel", everyone(302), method="post"),
    Case(
        "accounts:email-confirm",
        everyone(404, organizer=200),
        kwargs=lambda w: {"token": EMAIL_CONFIRM_TOKEN},
    ),
    Case(
        "accounts:email-confirm",
        everyone(404, organizer=302),
        kwargs=lambda w: {"token": EMAIL_CONFIRM_TOKEN},
        method="post",
        label="confirm",
    ),
    Case("accounts:sessions-end-others", everyone(302), method="post"),
    Case("accounts:second-factor-verify", everyone(302)),
    Case("accounts:second-factor-setup", everyone(200)),
    Case("accounts:second-factor-qr", everyone(403)),
    Case("accounts:recovery-codes", only_with_factor(200)),
    Case(
        "accounts:second-factor-remove",
        everyone(404, **dict.fromkeys(TEAM_WITH_FACTOR, 403)),
    ),
]
