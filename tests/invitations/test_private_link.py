"""The private link /i/<token>/: who it opens, what it shows, what it keeps secret."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import ConsentRecord, Invitation
from participants.views.public import RATE_LIMIT
from tests.factories import (
    InvitationFactory,
    ParticipantFactory,
    ParticipantTextFactory,
    PersonFactory,
)
from tests.invitations.conftest import send_link


def url(token):
    return reverse("invitation:respond", kwargs={"token": token})


def test_private_link_for_anonymous_visitor_shows_the_invitation(client, link):
    response = client.get(url(link))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Invitation to <bdi>JUNIPER</bdi>" in body
    assert "<bdi>Oslo</bdi>, <bdi>Norway</bdi>" in body


def test_private_link_page_names_a_favicon_that_is_served(client, link):
    """Without one, the participant's browser asks for /favicon.ico and logs a 404."""
    from django.contrib.staticfiles import finders

    body = client.get(url(link)).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg"' in body
    assert finders.find("favicon.svg") is not None


def test_private_link_does_not_show_the_venue_unless_chosen(client, link):
    response = client.get(url(link))

    assert "Hotel Bellevue" not in response.content.decode()


def test_private_link_with_show_venue_shows_the_venue(client, invitation):
    invitation.show_venue = True
    invitation.save()
    token = send_link(invitation)

    response = client.get(url(token))

    assert "Hotel Bellevue" in response.content.decode()


def test_private_link_does_not_show_the_real_title_nor_the_round_title(client, cast, link):
    cast.dialogue.title = "Talks on the northern border"
    cast.dialogue.save()

    body = client.get(url(link)).content.decode()

    assert "Talks on the northern border" not in body
    assert "Second round" not in body


def test_private_link_does_not_show_the_invitees_name(client, link):
    body = client.get(url(link)).content.decode()

    assert "Amira Haddad" not in body


def test_private_link_never_writes_the_token_into_the_page(client, link):
    body = client.get(url(link)).content.decode()

    assert link not in body


def test_private_link_sends_no_referrer_and_no_store(client, link):
    response = client.get(url(link))

    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response.headers["Cache-Control"]


def test_private_link_with_wrong_token_returns_404_naming_nothing(client, link):
    wrong = ("y" if link[0] == "x" else "x") + link[1:]

    response = client.get(url(wrong))

    body = response.content.decode()
    assert response.status_code == 404
    assert "JUNIPER" not in body
    assert "This link does not work" in body
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_private_link_expired_returns_404(client, invitation, link):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    response = client.get(url(link))

    assert response.status_code == 404


def test_private_link_revoked_returns_404(client, invitation, link):
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    response = client.get(url(link))

    assert response.status_code == 404


def test_private_link_after_resend_old_link_returns_404(client, invitation, link):
    new = send_link(invitation)

    old_response = client.get(url(link))
    new_response = client.get(url(new))

    assert (old_response.status_code, new_response.status_code) == (404, 200)


def test_private_link_of_one_participant_never_shows_anothers_invitation(
    client, invitation, side, link
):
    other = InvitationFactory(
        round=invitation.round,
        participant=ParticipantFactory(side=side, person=PersonFactory(email="y@example.org")),
        dietary_needs="Kosher, no shellfish",
    )
    other_link = send_link(other)
    Invitation.objects.filter(pk=invitation.pk).update(dietary_needs="Halal")

    mine = client.get(url(link)).content.decode()
    theirs = client.get(url(other_link)).content.decode()

    assert ("Halal" in mine, "Kosher, no shellfish" in mine) == (True, False)
    assert ("Halal" in theirs, "Kosher, no shellfish" in theirs) == (False, True)


def test_private_link_same_page_for_logged_in_member(client_for, cast, link):
    client = client_for(cast["observer"])

    response = client.get(url(link))

    assert response.status_code == 200
    assert "Signed in as" not in response.content.decode()


def test_private_link_over_the_rate_limit_returns_429(client, link):
    for _ in range(RATE_LIMIT):
        client.get(url("wrong-token"))

    response = client.get(url(link))

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "600"


def test_private_link_rate_limit_counts_per_address(client, link):
    for _ in range(RATE_LIMIT):
        client.get(url("wrong-token"), REMOTE_ADDR="203.0.113.7")

    response = client.get(url(link))

    assert response.status_code == 200


def test_private_link_in_arabic_lays_out_right_to_left(client, link):
    response = client.get(url(link), {"lang": "ar"})

    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert response.headers["Content-Language"] == "ar"


def test_private_link_follows_accept_language(client, link):
    response = client.get(url(link), headers={"accept-language": "ar"})

    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_private_link_in_english_by_default(client, link):
    response = client.get(url(link))

    assert '<html lang="en" dir="ltr">' in response.content.decode()


def test_private_link_accept_records_answer_and_time(client, invitation, link):
    response = client.post(url(link), {"form": "answer", "response": "accepted"})

    invitation.refresh_from_db()
    assert response.status_code == 302
    assert response.headers["Location"] == "./?saved=answer"
    assert invitation.response == "accepted"
    assert invitation.responded_at is not None


def test_private_link_redirect_keeps_the_language_and_not_the_token(client, link):
    response = client.post(url(link) + "?lang=ar", {"form": "answer", "response": "declined"})

    assert response.headers["Location"] == "./?lang=ar&saved=answer"


def test_private_link_after_saving_shows_confirmation(client, link):
    response = client.post(url(link), {"form": "answer", "response": "declined"}, follow=True)

    body = response.content.decode()
    assert "Your answer is saved." in body
    assert "You declined on" in body


def test_private_link_consent_creates_a_record_with_the_agreement_digest(
    client, cast, invitation, link
):
    ParticipantTextFactory(dialogue=cast.dialogue, text="Nothing said here is attributed.")

    client.post(url(link), {"form": "consent", "decision": "give"})

    record = ConsentRecord.objects.get()
    digest = hashlib.sha256(b"Nothing said here is attributed.").hexdigest()
    assert (record.given, record.via, record.agreement_digest) == (True, "link", digest)
    assert (record.participant, record.invitation) == (invitation.participant, invitation)


def test_private_link_withdrawal_adds_a_record(client, link):
    client.post(url(link), {"form": "consent", "decision": "give"})

    client.post(url(link), {"form": "consent", "decision": "withdraw"})

    history = list(ConsentRecord.objects.order_by("id").values_list("given", flat=True))
    assert history == [True, False]


def test_private_link_consent_given_twice_records_once(client, link):
    client.post(url(link), {"form": "consent", "decision": "give"})

    client.post(url(link), {"form": "consent", "decision": "give"})

    assert ConsentRecord.objects.count() == 1


def test_private_link_consent_withdrawal_answers_with_its_confirmation(client, link):
    client.post(url(link), {"form": "consent", "decision": "give"})

    response = client.post(url(link), {"form": "consent", "decision": "withdraw"})

    assert response.status_code == 200
    assert "You have withdrawn your consent" in response.content.decode()


def test_private_link_needs_are_saved_with_their_time(client, invitation, link):
    client.post(
        url(link),
        {
            "form": "needs",
            "dietary_needs": "Vegetarian",
            "access_needs": "Step-free room",
            "travel_needs": "Visa letter",
        },
    )

    invitation.refresh_from_db()
    assert (invitation.dietary_needs, invitation.access_needs, invitation.travel_needs) == (
        "Vegetarian",
        "Step-free room",
        "Visa letter",
    )
    assert invitation.needs_updated_at is not None


def test_private_link_overlong_needs_answer_422_and_keep_the_text(client, invitation, link):
    typed = "v" * 501

    response = client.post(
        url(link), {"form": "needs", "dietary_needs": typed, "access_needs": "Ramp"}
    )

    body = response.content.decode()
    invitation.refresh_from_db()
    assert response.status_code == 422
    assert "Ensure this value has at most 500 characters (it has 501)." in body
    assert typed in body
    assert "Ramp" in body
    assert invitation.dietary_needs == ""


def test_private_link_unknown_answer_returns_422_and_changes_nothing(client, invitation, link):
    response = client.post(url(link), {"form": "answer", "response": "maybe"})

    invitation.refresh_from_db()
    assert response.status_code == 422
    assert invitation.response == "pending"


def test_private_link_post_with_wrong_token_returns_404(client, invitation, link):
    response = client.post(url("wrong-token"), {"form": "answer", "response": "accepted"})

    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.response == "pending"


@pytest.mark.parametrize("path", ["/i/", "/no-such-page/"])
def test_project_404_page_renders_for_anonymous_visitor(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
