"""The team reaches the live console from the session page; others see no link to it."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory


@pytest.mark.parametrize(
    ("who", "sees_link"), [("organizer", True), ("facilitator", True), ("observer", False)]
)
def test_session_page_links_to_the_console_for_the_team_only(who, sees_link, cast, client_for):
    session = SessionFactory(round__dialogue=cast.dialogue)
    console = reverse("facilitation:console", args=[cast.dialogue.pk, session.pk])

    page = client_for(cast[who]).get(
        reverse("facilitation:session-detail", args=[cast.dialogue.pk, session.pk])
    )

    assert page.status_code == 200
    assert (console in page.text) is sees_link
