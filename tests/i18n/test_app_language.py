"""The app's language (issue 15): a user's own setting on the account page, else the
browser's Accept-Language among the app's languages; amounts of money per language.

The project's catalogs belong to the translators: these tests bring small catalogs of
their own (tests/i18n/catalogs.py), so they show what the code does with a translation.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.i18n.catalogs import use_test_catalogs
from trackii.accounts.services import email_change_deliver


@pytest.fixture(autouse=True)
def catalogs(tmp_path, settings):
    use_test_catalogs(tmp_path, settings)


def test_users_language_setting_decides_the_apps_language(cast, client_for):
    user = cast["participant"]
    user.language = "fr"
    user.save()

    body = client_for(user).get(reverse("home")).content.decode()

    assert '<html lang="fr" dir="ltr">' in body
    assert "Mes dialogues" in body


def test_users_language_setting_wins_over_the_browser(cast, client_for):
    user = cast["participant"]
    user.language = "ar"
    user.save()

    response = client_for(user).get(reverse("home"), headers={"accept-language": "fr"})

    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_account_page_saves_the_language_and_the_next_page_speaks_it(cast, client_for):
    user = cast["participant"]
    client = client_for(user)

    response = client.post(
        reverse("accounts:account"), {"display_name": "", "language": "fr"}, follow=True
    )

    user.refresh_from_db()
    assert user.language == "fr"
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def test_account_page_offers_the_apps_languages_only(cast, client_for):
    body = client_for(cast["participant"]).get(reverse("accounts:account")).content.decode()

    assert '<option value="fr">Français</option>' in body
    assert 'value="he"' not in body


def test_account_page_refuses_a_participant_only_language_saying_so(cast, client_for):
    user = cast["participant"]

    response = client_for(user).post(
        reverse("accounts:account"), {"display_name": "Nour", "language": "he"}
    )

    user.refresh_from_db()
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert 'value="Nour"' in response.content.decode()
    assert user.language == ""


def test_browsers_language_is_the_first_guess_without_a_setting(cast, client_for):
    client = client_for(cast["participant"])

    body = client.get(reverse("home"), headers={"accept-language": "fr-CA,fr;q=0.9"})

    assert '<html lang="fr" dir="ltr">' in body.content.decode()
    assert "Mes dialogues" in body.content.decode()


def test_browsers_participant_only_language_falls_to_its_next_app_language(cast, client_for):
    client = client_for(cast["participant"])

    body = client.get(reverse("home"), headers={"accept-language": "he,fr;q=0.8"})

    assert '<html lang="fr" dir="ltr">' in body.content.decode()


def test_login_page_follows_the_browser_before_any_account(client):
    response = client.get(reverse("accounts:login"), headers={"accept-language": "es"})

    assert '<html lang="es" dir="ltr">' in response.content.decode()


def test_account_email_is_in_the_users_language(cast):
    user = cast["participant"]
    user.language = "fr"
    user.pending_email = "new.address@example.net"
    user.save()

    email_change_deliver(user_id=user.pk)

    assert mail.outbox[-1].subject == "Confirmez votre nouvelle adresse de connexion"


# --- Formatting per language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€1,234.50"), ("fr", "1\u202f234,50\xa0€"), ("es", "1.234,50\xa0€")],
)
def test_amounts_of_money_are_written_the_readers_way(language, expected):
    template = Template("{% load l10n_extras %}{{ amount|money:currency }}")

    with translation.override(language):
        shown = template.render(Context({"amount": Decimal("1234.50"), "currency": "eur"}))

    assert shown == expected
