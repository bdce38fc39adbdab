"""The invitation e-mail and the private page in the invited person's language (issue
15), and the page's language switcher: no account, no JavaScript, no token written out.

The project's catalogs belong to the translators: these tests bring small catalogs of
their own (tests/i18n/catalogs.py), so they show what the code does with a translation.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.i18n.catalogs import use_test_catalogs
from tests.invitations.conftest import send_link


@pytest.fixture(autouse=True)
def catalogs(tmp_path, settings):
    use_test_catalogs(tmp_path, settings)


def page(token):
    return reverse("invitation:respond", kwargs={"token": token})


def prefer(invitation, language):
    person = invitation.participant.person
    person.preferred_language = language
    person.save()


def test_invitation_email_is_in_the_persons_preferred_language(invitation):
    prefer(invitation, "ar")

    send_link(invitation)

    message = mail.outbox[-1]
    assert message.subject == "دعوة: JUNIPER"
    assert message.body.startswith("مرحبًا،")
    assert message.extra_headers["Content-Language"] == "ar"


def test_invitation_email_without_a_preference_is_in_english(invitation):
    send_link(invitation)

    assert mail.outbox[-1].subject == "Invitation: JUNIPER"


def test_private_page_opens_in_the_persons_language_right_to_left(client, invitation):
    prefer(invitation, "ar")
    token = send_link(invitation)

    response = client.get(page(token))

    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "هل ستحضر؟" in body
    assert response.headers["Content-Language"] == "ar"


def test_private_page_dates_are_written_in_the_persons_language(client, invitation):
    prefer(invitation, "fr")
    token = send_link(invitation)

    body = client.get(page(token)).content.decode()

    # Django's own French formats: "1 mars 2027", not "March 1, 2027".
    assert "1 mars 2027" in body
    assert "March" not in body


def test_switcher_changes_the_page_language_without_an_account(client, invitation):
    prefer(invitation, "ar")
    token = send_link(invitation)

    switched = client.post(page(token), {"set_language": "fr"})
    response = client.get(page(token))

    # Back to the same page by "./": the token is in no header the answer sends.
    assert switched.status_code == 302
    assert switched.headers["Location"] == "./"
    assert token not in str(switched.headers)
    body = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in body
    assert "Viendrez-vous ?" in body


def test_switcher_choice_sticks_for_that_browser_only(client, invitation):
    token = send_link(invitation)

    client.post(page(token), {"set_language": "ar"})

    assert '<html lang="ar" dir="rtl">' in client.get(page(token)).content.decode()
    other_browser = Client()
    assert '<html lang="en" dir="ltr">' in other_browser.get(page(token)).content.decode()


def test_switcher_offers_every_shipped_language_each_named_in_itself(client, invitation):
    prefer(invitation, "fr")
    token = send_link(invitation)

    body = client.get(page(token)).content.decode()

    # Named in itself whatever the page's language: "English", not "Anglais".
    for code, name in [("en", "English"), ("ar", "العربية"), ("he", "עברית"), ("uk", "Українська")]:
        assert f'value="{code}" lang="{code}" class="link-button"' in body
        assert f">{name}</button>" in body


def test_switcher_with_an_unknown_language_changes_nothing(client, invitation):
    token = send_link(invitation)

    switched = client.post(page(token), {"set_language": "xx"})

    assert switched.status_code == 302
    assert "django_language" not in switched.cookies
    assert '<html lang="en" dir="ltr">' in client.get(page(token)).content.decode()


def test_switcher_on_a_dead_link_answers_the_same_not_found_page(client, db):
    response = client.post(page("no-such-token"), {"set_language": "fr"})

    assert response.status_code == 404
    assert "django_language" not in response.cookies
