"""Logging filters that keep secrets out of log files."""

import logging
import re

#: The private invitation link: /i/<token>/. The token is the only key to a
#: participant's invitation, so it must never reach a log line.
INVITATION_PATH = re.compile(r"/i/[^/\s?\"'#]+")
REDACTED = "/i/[redacted]"


class RedactInvitationTokens(logging.Filter):
    """Replace /i/<token> in a record's message (Django's "Not Found: /i/…", runserver's
    request lines) with /i/[redacted]. Attach it to the loggers that print request paths."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/i/" in message:
            record.msg = INVITATION_PATH.sub(REDACTED, message)
            record.args = ()
        return True
