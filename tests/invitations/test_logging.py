"""The private link's token never reaches a log line."""

import logging

from django.urls import reverse

from trackii.lib.logfilters import RedactInvitationTokens


def test_not_found_log_line_of_a_private_link_redacts_the_token(db, client, caplog):
    token = "Zm9yZ290dGVuLXRva2VuLXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQ"

    client.get(reverse("invitation:respond", kwargs={"token": token}))

    assert token not in caplog.text
    assert "Not Found: /i/[redacted]/" in caplog.messages


def test_redact_filter_rewrites_runserver_request_lines():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /i/abc_DEF-1/ HTTP/1.1", 200, 5),
        None,
    )

    RedactInvitationTokens().filter(record)

    assert record.getMessage() == '"GET /i/[redacted]/ HTTP/1.1" 200 5'


def test_redact_filter_leaves_other_paths_alone():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/d/1/missing/",), None
    )

    RedactInvitationTokens().filter(record)

    assert record.getMessage() == "Not Found: /d/1/missing/"
