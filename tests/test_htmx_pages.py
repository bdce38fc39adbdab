"""Pages that htmx updates in part and whose address it pushes to the browser's history:
going back to one of them (a history restore) shows the whole page, not a bare fragment."""

import pytest
from django.urls import reverse

PUSHED_PAGES = [
    "dialogues:venue-compare",
    "facilitation:option-board",
    "participants:invitation-list",
]

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def page_url(name, cast):
    return reverse(name, kwargs={"dialogue_id": cast.dialogue.pk})


@pytest.mark.parametrize("name", PUSHED_PAGES)
def test_history_restore_gets_the_full_page(name, cast, client_for):
    response = client_for(cast["organizer"]).get(page_url(name, cast), headers=HISTORY_RESTORE)

    assert response.status_code == 200
    assert "<html" in response.text
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", PUSHED_PAGES)
def test_htmx_request_gets_only_the_fragment(name, cast, client_for):
    response = client_for(cast["organizer"]).get(page_url(name, cast), headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("name", PUSHED_PAGES)
def test_plain_request_gets_the_full_page(name, cast, client_for):
    response = client_for(cast["organizer"]).get(page_url(name, cast))

    assert "<html" in response.text
    assert "HX-Request" in response["Vary"]
