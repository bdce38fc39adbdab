"""/me/invitations/: a participant with an account answers their own invitations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import ConsentRecord, Invitation
from tests.factories import (
    ConsentRecordFactory,
    InvitationFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    UserFactory,
)

MINE = "/me/invitations/"


@pytest.fixture
def own(cast, invitation):
    """The cast's participant is the invited person."""
    person = invitation.participant.person
    person.user = cast["participant"]
    person.save()
    return invitation


def post(client, kind, invitation, **data):
    url = reverse(f"mine:invitation-{kind}", kwargs={"invitation_id": invitation.pk})
    return client.post(url, {f"inv{invitation.pk}-{k}": v for k, v in data.items()})


def test_my_invitations_url():
    assert reverse("mine:invitations") == MINE


def test_my_invitations_lists_only_ones_own(client_for, cast, own, side):
    InvitationFactory(
        round=own.round,
        participant=ParticipantFactory(
            side=side, person=PersonFactory(user=UserFactory(), name="Someone Else")
        ),
        dietary_needs="Someone else's diet",
    )
    Invitation.objects.filter(pk=own.pk).update(dietary_needs="My own diet")

    response = client_for(cast["participant"]).get(MINE)

    body = response.content.decode()
    assert [card["invitation"] for card in response.context["cards"]] == [own]
    assert "My own diet" in body
    assert "Someone else's diet" not in body


def test_my_invitations_for_user_without_person_is_empty(client_for, cast, own):
    response = client_for(cast["organizer"]).get(MINE)

    assert response.context["cards"] == []
    assert "You have no invitations." in response.content.decode()


def test_my_invitations_leaves_out_revoked(client_for, cast, own):
    Invitation.objects.filter(pk=own.pk).update(revoked_at=timezone.now())

    response = client_for(cast["participant"]).get(MINE)

    assert response.context["cards"] == []


def test_my_invitations_expired_shows_no_forms(client_for, cast, own):
    Invitation.objects.filter(pk=own.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))

    body = client_for(cast["participant"]).get(MINE).content.decode()

    assert "This invitation has expired." in body
    assert "Yes, I will come" not in body


def test_my_invitations_hides_the_venue_unless_chosen(client_for, cast, own):
    body = client_for(cast["participant"]).get(MINE).content.decode()

    assert "<bdi>Oslo</bdi>, <bdi>Norway</bdi>" in body
    assert "Hotel Bellevue" not in body


def test_my_invitation_answer_records_it(client_for, cast, own):
    response = post(client_for(cast["participant"]), "answer", own, response="accepted")

    own.refresh_from_db()
    assert response.status_code == 302
    assert (own.response, own.responded_at is not None) == ("accepted", True)


def test_my_invitation_consent_and_withdrawal_via_account(client_for, cast, own):
    client = client_for(cast["participant"])

    post(client, "consent", own, decision="give")
    post(client, "consent", own, decision="withdraw")

    records = list(ConsentRecord.objects.order_by("id").values_list("given", "via"))
    assert records == [(True, "account"), (False, "account")]


def test_my_invitation_withdrawn_consent_shows_to_organizer(client_for, cast, own):
    client = client_for(cast["participant"])
    post(client, "consent", own, decision="give")
    post(client, "consent", own, decision="withdraw")

    url = reverse("participants:invitation-list", kwargs={"dialogue_id": cast.dialogue.pk})
    response = client_for(cast["organizer"]).get(url)

    assert response.context["rows"][0]["consent"].given is False


def test_my_invitation_needs_overlong_answers_422_and_keeps_text(client_for, cast, own):
    typed = "x" * 501

    response = post(
        client_for(cast["participant"]), "needs", own, dietary_needs=typed, travel_needs="Visa"
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert typed in body
    assert "Visa" in body


def test_my_invitation_answer_of_someone_else_returns_404(client_for, cast, invitation):
    response = post(client_for(cast["participant"]), "answer", invitation, response="accepted")

    invitation.refresh_from_db()
    assert (response.status_code, invitation.response) == (404, "pending")


def test_my_invitations_for_anonymous_redirects_to_login(client):
    response = client.get(MINE)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("size", [1, 5])
def test_my_invitations_query_count_is_fixed(
    client_for, cast, round_, size, django_assert_num_queries
):
    person = PersonFactory(user=cast["participant"])
    for _ in range(size):
        participant = ParticipantFactory(person=person)
        InvitationFactory(
            round=RoundFactory(dialogue=participant.dialogue), participant=participant
        )
        ConsentRecordFactory(participant=participant, given=True)
    client = client_for(cast["participant"])

    # user (session from the cache), invitations with round, dialogue, venue, person; consents;
    # the dialogues' agreement texts
    with django_assert_num_queries(4):
        response = client.get(MINE)

    assert len(response.context["cards"]) == size
