"""Logging filters that keep secrets out of log files."""

import logging
import re

#: The private invitation link: /i/<token>/. The token is the only key to a
#: participant's invitation, so it must never reach a log line.
INVITATION_PATH = re.compile(r"/i/[^/\s?\"'#]+")
REDACTED = "/i/[redacted]"
#: The link that confirms a new login address: /accounts/email/confirm/<token>/ (also in
#: the `next` of the login page it sends anonymous visitors to).
EMAIL_CONFIRM_PATH = re.compile(r"/email/confirm/[^/\s?\"'#&]+")
EMAIL_CONFIRM_REDACTED = "/email/confirm/[redacted]"
#: The link of an invitation to an account: /join/<token>/, also in the `next` of the login
#: and second-factor pages it sends people to, where the slashes may be %2F-encoded.
JOIN_PATH = re.compile(r"(/|%2F)join(/|%2F)[^/\s?\"'#&%]+", re.IGNORECASE)
JOIN_REDACTED = r"\1join\2[redacted]"


class RedactInvitationTokens(logging.Filter):
    """Replace /i/<token> in a record's message (Django's "Not Found: /i/…", runserver's
    request lines) with /i/[redacted], and the tokens of /accounts/email/confirm/<token> and
    /join/<token> the same way. Attach it to the loggers that print request paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        if "/i/" in redacted:
            redacted = INVITATION_PATH.sub(REDACTED, redacted)
        if "/email/confirm/" in redacted:
            redacted = EMAIL_CONFIRM_PATH.sub(EMAIL_CONFIRM_REDACTED, redacted)
        if "join" in redacted.lower():
            redacted = JOIN_PATH.sub(JOIN_REDACTED, redacted)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True


class OneLineForClientErrors(logging.Filter):
    """Drop the traceback from Django's log line of an ordinary refusal (a 4xx answer: 403
    for a role that may not, 404 for what a user may not know exists). Those are the
    privacy model at work, not faults: one line each, so the real errors stand out. A 5xx
    keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
