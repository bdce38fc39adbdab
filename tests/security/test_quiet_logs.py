"""An ordinary refusal (403, 404) is logged in one line, without a traceback; a server
error keeps its traceback."""

import logging

import pytest
from django.urls import reverse

from trackii.lib.logfilters import OneLineForClientErrors


@pytest.fixture
def request_log():
    """What the console handler of settings.LOGGING prints of django.request's records,
    one entry per record, without the time and logger name."""
    (console,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, OneLineForClientErrors) for f in h.filters)
    ]
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            if console.filter(record):
                records.append(self.format(record))

    handler = Keep()
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_403_of_a_role_that_may_not_is_one_line(cast, client_for, request_log):
    response = client_for(cast["participant"]).get(
        reverse("dialogues:member-list", args=[cast.dialogue.pk])
    )

    assert response.status_code == 403
    assert request_log == [f"WARNING Forbidden (Permission denied): /d/{cast.dialogue.pk}/members/"]


def test_404_of_another_dialogue_is_one_line(cast, client_for, request_log):
    response = client_for(cast["outsider"]).get(
        reverse("dialogues:detail", args=[cast.dialogue.pk])
    )

    assert response.status_code == 404
    assert request_log == [f"WARNING Not Found: /d/{cast.dialogue.pk}/"]


def test_a_server_error_keeps_its_traceback(request_log):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.error("Internal Server Error: /x/", exc_info=True, extra={"status_code": 500})

    (line,) = request_log
    assert "Traceback" in line
    assert "RuntimeError: boom" in line
