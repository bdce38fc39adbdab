"""Error pages reveal nothing: no exception text, no settings, no dialogue. They speak the
reader's language, also those Django renders without the request's context (400, 500)."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.test import override_settings
from django.urls import path

from tests.i18n.catalogs import write_catalog
from trackii.i18n import participant_language
from trackii.urls import handler400, handler500  # this module stands in for trackii.urls


def explode(request):
    raise RuntimeError("CANARY-EXCEPTION-TEXT postgres://secret@db")


@login_not_required
def explode_for_anyone(request):
    raise RuntimeError("CANARY-EXCEPTION-TEXT")


@login_not_required
def explode_on_private_page(request):
    participant_language(request)  # as every private page does first
    raise RuntimeError("CANARY-EXCEPTION-TEXT")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("CANARY-SUSPICIOUS-TEXT")


urlpatterns = [
    path("explode/", explode),
    path("explode-for-anyone/", explode_for_anyone),
    path("i/explode/", explode_on_private_page),
    path("suspicious/", suspicious),
]
__all__ = ["handler400", "handler500", "urlpatterns"]

#: What the tests' own catalogs translate (the project's catalogs are the translators').
ARABIC = {
    "Page not found": "الصفحة غير موجودة",
    "Something went wrong": "حدث خطأ ما",
    "This request cannot be answered": "لا يمكن الرد على هذا الطلب",
}
HEBREW = {"Something went wrong": "משהו השתבש"}


@pytest.fixture
def catalogs(tmp_path, settings):
    write_catalog(tmp_path, "ar", ARABIC)
    write_catalog(tmp_path, "he", HEBREW)
    settings.LOCALE_PATHS = [tmp_path]


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


def test_404_page_for_arabic_browser_is_in_arabic_right_to_left(cast, client_for, catalogs):
    client = client_for(cast["participant"])

    response = client.get(f"/d/{cast.other_dialogue.pk}/", headers={"accept-language": "ar"})

    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "الصفحة غير موجودة" in response.text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_for_arabic_browser_is_in_arabic_right_to_left(client, catalogs):
    client.raise_request_exception = False

    response = client.get("/explode-for-anyone/", headers={"accept-language": "ar"})

    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "حدث خطأ ما" in response.text
    assert "CANARY-EXCEPTION-TEXT" not in response.text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_follows_the_users_setting_over_the_browser(cast, client_for, catalogs):
    user = cast["organizer"]
    user.language = "ar"
    user.save()
    client = client_for(user)
    client.raise_request_exception = False

    response = client.get("/explode/", headers={"accept-language": "he"})

    assert "حدث خطأ ما" in response.text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_500_page_of_a_private_page_speaks_a_participant_only_language(client, catalogs):
    client.raise_request_exception = False

    response = client.get("/i/explode/", headers={"accept-language": "he"})

    assert '<html lang="he" dir="rtl">' in response.text
    assert "משהו השתבש" in response.text


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_400_page_for_arabic_browser_is_in_arabic_and_shows_no_exception(client, catalogs):
    response = client.get("/suspicious/", headers={"accept-language": "ar"})

    assert response.status_code == 400
    assert "لا يمكن الرد على هذا الطلب" in response.text
    assert "CANARY-SUSPICIOUS-TEXT" not in response.text
