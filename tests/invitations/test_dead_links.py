"""A private link dies when its reason does (DESIGN.md, "The privacy model"): the link of a
participant withdrawn or declined by an organizer, of an erased person, or of one taken out
of the round answers exactly as a wrong link does, and takes no answer."""

import pytest
from django.urls import reverse

from participants.models import Invitation, Participant, RoundParticipation
from participants.services.invitations import invitation_deliver
from participants.services.participants import participant_change_state, round_participation_set
from tests.factories import RoundParticipationFactory
from trackii.workflows.erasure import person_erase


def url(token):
    return reverse("invitation:respond", kwargs={"token": token})


def wrong(token):
    return ("y" if token[0] == "x" else "x") + token[1:]


def close_by_organizer(cast, participant, state):
    Participant.objects.filter(pk=participant.pk).update(state=Participant.State.INVITED)
    participant.refresh_from_db()
    participant_change_state(actor=cast["organizer"], participant=participant, state=state)


@pytest.mark.parametrize("state", [Participant.State.WITHDRAWN, Participant.State.DECLINED])
def test_private_link_of_participant_closed_by_organizer_answers_like_a_wrong_link(
    client, cast, invitee, link, state
):
    before = client.get(url(link))
    close_by_organizer(cast, invitee, state)

    dead = client.get(url(link))
    unknown = client.get(url(wrong(link)))

    assert before.status_code == 200
    assert (dead.status_code, dead.content) == (404, unknown.content)
    assert "Oslo" not in dead.content.decode()


@pytest.mark.parametrize("state", [Participant.State.WITHDRAWN, Participant.State.DECLINED])
def test_private_link_of_participant_closed_by_organizer_takes_no_answer(
    client, cast, invitation, invitee, link, state
):
    close_by_organizer(cast, invitee, state)

    answer = client.post(url(link), {"form": "answer", "response": "accepted"})
    needs = client.post(
        url(link),
        {"form": "needs", "dietary_needs": "Vegan", "access_needs": "", "travel_needs": ""},
    )

    invitation.refresh_from_db()
    assert (answer.status_code, needs.status_code) == (404, 404)
    assert (invitation.response, invitation.dietary_needs) == ("pending", "")


def test_private_link_after_participant_declines_through_it_keeps_working(client, link):
    client.post(url(link), {"form": "answer", "response": "declined"})

    again = client.get(url(link))
    changed = client.post(url(link), {"form": "answer", "response": "accepted"}, follow=True)

    assert again.status_code == 200
    assert "You declined on" in again.content.decode()
    assert "You accepted on" in changed.content.decode()


def test_private_link_of_erased_person_answers_like_a_wrong_link(
    client, cast, invitation, invitee, link
):
    client.post(url(link), {"form": "answer", "response": "accepted"})
    person_erase(actor=cast["organizer"], participant=invitee)

    dead = client.get(url(link))
    answer = client.post(url(link), {"form": "answer", "response": "declined"})
    unknown = client.get(url(wrong(link)))

    assert (dead.status_code, dead.content) == (404, unknown.content)
    assert answer.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).response == "accepted"


def test_private_link_after_removal_from_the_round_answers_like_a_wrong_link(
    client, cast, round_, invitee, link
):
    RoundParticipationFactory(round=round_, participant=invitee)
    before = client.get(url(link))

    round_participation_set(actor=cast["organizer"], round=round_, entries={invitee: (False, None)})

    dead = client.get(url(link))
    unknown = client.get(url(wrong(link)))
    assert before.status_code == 200
    assert RoundParticipation.objects.filter(participant=invitee).count() == 0
    assert (dead.status_code, dead.content) == (404, unknown.content)


def test_private_link_after_removal_from_another_round_keeps_working(client, cast, invitee, link):
    elsewhere = RoundParticipationFactory(participant=invitee, round__dialogue=cast.dialogue)

    round_participation_set(
        actor=cast["organizer"], round=elsewhere.round, entries={invitee: (False, None)}
    )

    assert client.get(url(link)).status_code == 200


def test_my_invitations_of_withdrawn_participant_are_gone(client_for, cast, invitation, invitee):
    invitee.person.user = cast["participant"]
    invitee.person.save()
    close_by_organizer(cast, invitee, Participant.State.WITHDRAWN)

    response = client_for(cast["participant"]).get(reverse("mine:invitations"))
    answer = client_for(cast["participant"]).post(
        reverse("mine:invitation-answer", args=[invitation.pk]),
        {f"inv{invitation.pk}-response": "accepted"},
    )

    assert response.context["cards"] == []
    assert answer.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).response == "pending"


def test_invitation_of_withdrawn_participant_is_not_sent(cast, invitation, invitee, mailoutbox):
    close_by_organizer(cast, invitee, Participant.State.WITHDRAWN)

    result = invitation_deliver(invitation_id=invitation.pk)

    assert (result, mailoutbox) == ("not-live", [])
