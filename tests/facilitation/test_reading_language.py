"""The anonymous reading page in the reader's language (issue 15): the browser's
Accept-Language first, then the page's own switcher; no account, no JavaScript."""

import pytest
from django.urls import reverse

from facilitation import entries
from facilitation.models import TrustReading
from tests.i18n.catalogs import use_test_catalogs


@pytest.fixture(autouse=True)
def catalogs(tmp_path, settings):
    use_test_catalogs(tmp_path, settings)


@pytest.fixture
def reading_page(console_world):
    _link, token = entries.reading_link_create(
        actor=console_world["facilitator"], session=console_world.session, side=console_world.north
    )
    return reverse("reading:form", kwargs={"token": token})


def test_reading_page_follows_the_browsers_language(client, reading_page):
    response = client.get(reading_page, headers={"accept-language": "he,en;q=0.5"})

    assert '<html lang="he" dir="rtl">' in response.content.decode()


def test_reading_page_switcher_changes_its_language_and_records_no_reading(client, reading_page):
    switched = client.post(reading_page, {"set_language": "fr"})
    body = client.get(reading_page).content.decode()

    assert (switched.status_code, switched.headers["Location"]) == (302, "./")
    assert '<html lang="fr" dir="ltr">' in body
    assert "Un relevé rapide et anonyme" in body
    assert not TrustReading.objects.exists()
