"""Error pages reveal nothing: no exception text, no settings, no dialogue."""

import pytest
from django.test import override_settings
from django.urls import path


def explode(request):
    raise RuntimeError("CANARY-EXCEPTION-TEXT postgres://secret@db")


urlpatterns = [path("explode/", explode)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_unhandled_error_shows_the_generic_500_page(cast, client_for):
    client = client_for(cast["organizer"])
    client.raise_request_exception = False

    response = client.get("/explode/")

    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "CANARY-EXCEPTION-TEXT" not in response.text
    assert "postgres://" not in response.text


@pytest.mark.parametrize("who", ["organizer", "outsider"])
def test_404_page_names_no_dialogue(who, cast, client_for):
    client = client_for(cast[who])

    response = client.get(f"/d/{cast.other_dialogue.pk}/")

    assert response.status_code == 404
    assert "There is nothing here that you can see." in response.text
    assert "OTHER-DIALOGUE-CODENAME" not in response.text
