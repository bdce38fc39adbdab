"""The invitation link, /join/<token>/: a new person makes their account there, an existing
one logs in and accepts, anyone else is refused; a dead link answers a 404 naming nothing."""

import datetime as dt
import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from trackii.accounts.testing import verify_session
from trackii.lib.logfilters import RedactInvitationTokens
from trackii.organizations import services
from trackii.organizations.models import AccountInvitation, OrganizationMembership
from trackii.organizations.views import RATE_LIMIT
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import Role

STRONG = "a long passphrase nobody guesses 7"


def join_url(token):
    return reverse("organizations:invitation-accept", kwargs={"token": token})


def detail_url(cast):
    return reverse("dialogues:detail", kwargs={"dialogue_id": cast.dialogue.pk})


def _new_account(client, token, **overrides):
    data = {"display_name": "Lena Berg", "password": STRONG, "password_again": STRONG}
    return client.post(join_url(token), {**data, **overrides})


# --- a person without an account ------------------------------------------------------


def test_new_person_sees_the_form_with_their_address_and_the_code_name(client, invite):
    _invitation, token = invite("new@example.org", "observer")

    response = client.get(join_url(token))

    assert response.status_code == 200
    assert "Set your name and password" in response.text
    assert "new@example.org" in response.text
    assert "JUNIPER" in response.text
    assert "Observer" in response.text
    assert token not in response.text
    assert 'action="./"' in response.text
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_new_observer_makes_account_is_logged_in_and_lands_in_the_dialogue(cast, client, invite):
    _invitation, token = invite("new@example.org", "observer")

    response = _new_account(client, token)

    assert response.status_code == 302
    assert response["Location"] == detail_url(cast)
    assert token not in response["Location"]
    user = get_user_model().objects.get(email="new@example.org")
    assert user.check_password(STRONG)
    assert Membership.objects.get(user=user).role == Role.OBSERVER
    page = client.get(detail_url(cast))
    assert page.status_code == 200
    assert "Welcome to JUNIPER. You take part as Observer." in page.text


def test_new_facilitator_is_sent_to_set_up_a_second_factor_then_to_the_dialogue(
    cast, client, invite
):
    _invitation, token = invite("new@example.org", "facilitator")

    response = _new_account(client, token)
    setup = client.get(response["Location"])

    assert response["Location"] == detail_url(cast)
    user = get_user_model().objects.get(email="new@example.org")
    assert Membership.objects.get(user=user).role == Role.FACILITATOR
    assert OrganizationMembership.objects.get(user=user).org == cast.organization
    setup_url = reverse("accounts:second-factor-setup")
    assert setup.status_code == 302
    assert setup["Location"] == f"{setup_url}?next={detail_url(cast).replace('/', '%2F')}"
    # Just after typing the password, setting the factor up asks for no password again.
    form = client.get(setup["Location"])
    assert form.status_code == 200
    assert "Set up your second factor" in form.text


def test_mismatched_passwords_and_weak_passwords_keep_the_name_and_change_nothing(client, invite):
    invitation, token = invite("new@example.org", "observer")

    mismatch = _new_account(client, token, password_again="something else entirely")
    weak = _new_account(client, token, password="short", password_again="short")

    assert (mismatch.status_code, weak.status_code) == (422, 422)
    assert "The two passwords differ" in mismatch.text
    assert "too short" in weak.text
    assert 'value="Lena Berg"' in weak.text
    assert "What you typed is kept, except passwords, which must be typed again." in weak.text
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.state == AccountInvitation.State.PENDING


# --- a person with an account -----------------------------------------------------------


def test_existing_account_is_asked_to_log_in_and_nothing_changes(client, invite):
    user = UserFactory(email="new@example.org")
    _invitation, token = invite("new@example.org", "observer")

    response = client.get(join_url(token))
    posted = client.post(join_url(token), {"display_name": "X", "password": STRONG})

    assert response.status_code == 200
    assert "Log in with new@example.org to accept." in response.text
    login = f"{reverse('accounts:login')}?next=%2Fjoin%2F{token}%2F"
    assert f'href="{login}"' in response.text
    assert posted.status_code == 200  # the same page: no account is made from it
    assert not Membership.objects.filter(user=user).exists()


def test_existing_account_logs_in_comes_back_and_accepts(cast, client, invite):
    user = UserFactory(email="new@example.org")
    _invitation, token = invite("new@example.org", "participant")

    login = client.post(
        reverse("accounts:login") + f"?next={join_url(token)}",
        {"username": "new@example.org", "password": PASSWORD},
    )
    page = client.get(login["Location"])
    accepted = client.post(join_url(token))

    assert login["Location"] == join_url(token)
    assert page.status_code == 200
    assert "Accept the invitation" in page.text
    assert accepted.status_code == 302
    assert accepted["Location"] == detail_url(cast)
    assert Membership.objects.get(user=user).role == Role.PARTICIPANT
    assert client.get(join_url(token)).status_code == 404  # used


def test_logged_in_page_changes_nothing_on_get(client, invite):
    user = UserFactory(email="new@example.org")
    _invitation, token = invite("new@example.org", "participant")
    client.force_login(user)

    client.get(join_url(token))

    assert not Membership.objects.filter(user=user).exists()


def test_another_account_is_refused_without_naming_the_address_and_nothing_changes(
    cast, client_for, invite
):
    invitation, token = invite("new@example.org", "organizer")
    client = client_for(cast["outsider"])

    shown = client.get(join_url(token))
    posted = client.post(join_url(token))

    for response in (shown, posted):
        assert response.status_code == 403
        assert "This invitation is for another address. Log out and open the link again." in (
            response.text
        )
        assert "new@example.org" not in response.text
        assert "JUNIPER" not in response.text
    assert not cast["outsider"].memberships.exists()
    invitation.refresh_from_db()
    assert invitation.state == AccountInvitation.State.PENDING


def test_a_team_member_of_another_dialogue_accepts_after_their_second_factor(cast, client, invite):
    _invitation, token = invite("other@example.org", "observer")
    client.force_login(cast["other_member"])

    unverified = client.get(join_url(token))
    verify_session(client, cast["other_member"])
    accepted = client.post(join_url(token))

    assert unverified.status_code == 302
    assert unverified["Location"].startswith("/accounts/second-factor/")
    assert accepted["Location"] == detail_url(cast)
    assert cast["other_member"].memberships.get(dialogue=cast.dialogue).role == Role.OBSERVER


# --- dead links ---------------------------------------------------------------------------


@pytest.fixture
def not_found_text(client):
    return client.get(join_url("no-such-token")).text


def _kill(invitation, how, cast):
    if how == "used":
        services.account_invitation_accept(
            invitation=invitation, user=UserFactory(email=invitation.email)
        )
    elif how == "expired":
        AccountInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    elif how == "revoked":
        services.account_invitation_revoke(actor=cast["organizer"], invitation=invitation)
    else:
        services.account_invitation_resend(actor=cast["organizer"], invitation=invitation)


@pytest.mark.parametrize("how", ["used", "expired", "revoked", "resent"])
@pytest.mark.parametrize("who", ["anonymous", "organizer", "invitee"])
def test_dead_link_answers_the_same_404_naming_nothing(
    cast, client_for, invite, not_found_text, how, who
):
    invitation, token = invite("new@example.org", "observer")
    _kill(invitation, how, cast)
    if who == "invitee":
        user = get_user_model().objects.get_or_create(email="new@example.org")[0]
        client = client_for(user)
    else:
        client = client_for(cast[who])

    get = client.get(join_url(token))
    post = client.post(join_url(token), {"display_name": "X", "password": STRONG})

    for response in (get, post):
        assert response.status_code == 404
        assert response.text == not_found_text
        assert "JUNIPER" not in response.text
        assert "new@example.org" not in response.text
        assert response["Referrer-Policy"] == "no-referrer"


def test_post_on_a_dead_link_makes_no_account(client, invite, cast):
    invitation, token = invite("new@example.org", "observer")
    _kill(invitation, "revoked", cast)

    _new_account(client, token)

    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert AuditEvent.Action.INVITATION_ACCEPTED not in set(
        AuditEvent.objects.values_list("action", flat=True)
    )


def test_too_many_requests_from_one_address_are_refused_before_any_lookup(client, invite):
    _invitation, token = invite("new@example.org", "observer")
    for _ in range(RATE_LIMIT):
        client.get(join_url("guess"))

    response = client.get(join_url(token))

    assert response.status_code == 429
    assert "JUNIPER" not in response.text


# --- the logs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ('"GET /join/SeCrEt-tok_en/ HTTP/1.1" 200', '"GET /join/[redacted]/ HTTP/1.1" 200'),
        ("Not Found: /join/SeCrEt-tok_en/", "Not Found: /join/[redacted]/"),
        (
            '"GET /accounts/login/?next=%2Fjoin%2FSeCrEt-tok_en%2F HTTP/1.1" 200',
            '"GET /accounts/login/?next=%2Fjoin%2F[redacted]%2F HTTP/1.1" 200',
        ),
        (
            '"GET /accounts/login/?next=/join/SeCrEt-tok_en/ HTTP/1.1" 200',
            '"GET /accounts/login/?next=/join/[redacted]/ HTTP/1.1" 200',
        ),
    ],
)
def test_log_filter_redacts_the_join_token(message, expected):
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "%s", (message,), None)

    RedactInvitationTokens().filter(record)

    assert record.getMessage() == expected
