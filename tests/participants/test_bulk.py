"""Acting on several participants from the list (issue 17): the same rules as one at a
time, a page that says who and what before anything happens, and a report of what was
refused and why."""

import pytest
from django.core import mail

from participants.models import Invitation, Participant, RoundParticipation
from tests.factories import ParticipantFactory, PersonFactory


@pytest.fixture
def people(cast, sides):
    return {
        "ada": ParticipantFactory(
            side=sides["north"], state="vetted", person=PersonFactory(name="Ada Vetted")
        ),
        "ben": ParticipantFactory(
            side=sides["south"], state="vetted", person=PersonFactory(name="Ben Vetted")
        ),
        "cy": ParticipantFactory(
            side=sides["south"], state="proposed", person=PersonFactory(name="Cy Proposed")
        ),
    }


def post(client, url, people, follow=False, **data):
    return client.post(url("bulk"), {"selected": [p.pk for p in people], **data}, follow=follow)


def test_the_first_post_asks_and_changes_nothing(cast, people, upcoming_round, client_for, url):
    client = client_for(cast["organizer"])
    chosen = [people["ada"], people["ben"]]

    response = post(client, url, chosen, action="invite", round=upcoming_round.pk)

    assert response.status_code == 200
    assert "Act on 2 participants?" in response.text
    assert "Ada Vetted" in response.text
    assert "e-mailed a private link at once" in response.text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_confirmed_invite_follows_the_one_at_a_time_rules(
    cast, people, upcoming_round, client_for, url
):
    client = client_for(cast["organizer"])
    chosen = list(people.values())

    response = post(
        client, url, chosen, action="invite", round=upcoming_round.pk, confirm="1", follow=True
    )

    # Vetted people are invited; the proposed one needs a reason, and is reported.
    invited = set(Invitation.objects.values_list("participant__person__name", flat=True))
    assert invited == {"Ada Vetted", "Ben Vetted"}
    text = response.text
    assert "2 participants invited." in text
    assert "Not done for Cy Proposed:" in text
    assert Participant.objects.get(pk=people["ada"].pk).state == "invited"

    # With a reason, the proposed one is invited too; the others already have a live one.
    response = post(
        client,
        url,
        chosen,
        action="invite",
        round=upcoming_round.pk,
        unvetted_reason="Recommended by both co-chairs",
        confirm="1",
        follow=True,
    )
    assert Invitation.objects.count() == 3
    assert "1 participant invited." in response.text
    assert response.text.count("already has a live invitation") == 2


def test_move_state_and_add_to_round(cast, people, upcoming_round, client_for, url):
    client = client_for(cast["organizer"])
    response = post(
        client,
        url,
        [people["ada"], people["cy"], people["ben"]],
        action="state",
        state="declined",
        confirm="1",
        follow=True,
    )
    # Vetted people may be declined; a proposed one may not, and the list says why.
    states = dict(Participant.objects.values_list("person__name", "state"))
    assert states == {"Ada Vetted": "declined", "Ben Vetted": "declined", "Cy Proposed": "proposed"}
    assert "2 participants moved." in response.text
    assert "Not done for Cy Proposed: A participant cannot go from Proposed" in response.text

    post(client, url, [people["cy"]], action="round", round=upcoming_round.pk, confirm="1")
    response = post(
        client,
        url,
        [people["cy"], people["ada"]],
        action="round",
        round=upcoming_round.pk,
        confirm="1",
        follow=True,
    )
    assert RoundParticipation.objects.filter(round=upcoming_round).count() == 2
    assert "Already so, left as they were: Cy Proposed." in response.text


def test_nothing_ticked_or_no_round_is_a_clear_error(cast, people, client_for, url):
    client = client_for(cast["organizer"])
    response = client.post(url("bulk"), {"action": "invite"})
    assert response.status_code == 422
    assert "Tick at least one participant in the list." in response.text
    assert "Choose the round." in response.text


def test_participants_of_another_dialogue_cannot_be_ticked(cast, people, client_for, url):
    stranger = ParticipantFactory(side__dialogue=cast.other_dialogue)
    response = post(client_for(cast["organizer"]), url, [stranger], action="state", state="vetted")
    assert response.status_code == 422
    assert Participant.objects.get(pk=stranger.pk).state == "proposed"


def test_the_list_offers_it_to_organizers_only(cast, people, client_for, url):
    assert 'id="bulk-form"' in client_for(cast["organizer"]).get(url("list")).text
    assert 'id="bulk-form"' not in client_for(cast["facilitator"]).get(url("list")).text
    assert 'form="bulk-form"' not in client_for(cast["facilitator"]).get(url("list")).text
