"""The invitation form's participant picker (trackii/privacy/pickers.py): the newest few
and the one chosen, a search that reaches further, protected people by pseudonym to whoever
may not see their name, and every participant of the dialogue accepted, not only those
drawn."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.models import Invitation
from tests.factories import ParticipantFactory, PersonFactory
from trackii.privacy.levels import Level
from trackii.privacy.pickers import LIMIT

HTMX = {"HTTP_HX_REQUEST": "true"}


def create_url(cast):
    return reverse("participants:invitation-create", kwargs={"dialogue_id": cast.dialogue.pk})


def select_options(html: str) -> list[int]:
    select = re.search(r'<select name="participant".*?</select>', html, re.S).group(0)
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select)]


@pytest.fixture
def crowd(side, invitee):
    """More participants than the picker shows, all added after the invitee."""
    return [ParticipantFactory(side=side) for _ in range(LIMIT + 5)]


def test_invitation_form_offers_the_newest_few_participants(client_for, cast, crowd):
    html = client_for(cast["organizer"]).get(create_url(cast)).text

    assert select_options(html) == [p.pk for p in reversed(crowd)][:LIMIT]
    assert "The 20 newest are listed. Search to find others." in html


def test_invitation_form_search_finds_a_participant_beyond_the_newest(
    client_for, cast, crowd, invitee
):
    client = client_for(cast["organizer"])

    page = client.get(create_url(cast), {"participant_search": "haddad"})
    fragment = client.get(
        create_url(cast), {"picker": "participant", "participant_search": "amira"}, **HTMX
    )

    assert select_options(page.text) == [invitee.pk]
    assert "Amira Haddad · Northern Council" in page.text
    assert select_options(fragment.text) == [invitee.pk]
    assert "Invite a participant" not in fragment.text


def test_invitation_form_with_errors_keeps_the_chosen_participant_beyond_the_newest(
    client_for, cast, crowd, invitee, round_
):
    response = client_for(cast["organizer"]).post(
        create_url(cast), {"round": round_.pk, "participant": invitee.pk, "valid_days": 400}
    )

    assert response.status_code == 422
    assert select_options(response.text)[0] == invitee.pk
    assert f'<option value="{invitee.pk}" selected>' in response.text


def test_invitation_form_invites_a_participant_beyond_the_newest(
    client_for, cast, crowd, invitee, round_, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast["organizer"]).post(
            create_url(cast), {"round": round_.pk, "participant": invitee.pk, "valid_days": 21}
        )

    assert response.status_code == 302
    assert list(Invitation.objects.values_list("participant_id", flat=True)) == [invitee.pk]


@pytest.mark.parametrize("bad", ["abc", "9" * 30])
def test_invitation_form_with_malformed_participant_answers_422(
    client_for, cast, round_, invitee, bad
):
    response = client_for(cast["organizer"]).post(
        create_url(cast), {"round": round_.pk, "participant": bad, "valid_days": 21}
    )

    assert response.status_code == 422
    assert response.context["form"].errors["participant"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_invitation_search_never_finds_another_dialogues_participant(client_for, cast, side):
    ParticipantFactory(
        side__dialogue=cast.other_dialogue, person=PersonFactory(name="Amira Elsewhere")
    )

    response = client_for(cast["organizer"]).get(
        create_url(cast), {"picker": "participant", "participant_search": "amira"}
    )

    assert select_options(response.text) == []
    assert "Elsewhere" not in response.text
    assert "Nothing matches." in response.text


def test_invitation_search_matches_what_is_shown_not_a_hidden_name(client_for, cast, side):
    """The search runs on the labels drawn: whoever sees a pseudonym cannot find the real
    name (organizers alone invite, and they see it; checked here on the label itself)."""
    protected = ParticipantFactory(
        side=side,
        level=Level.DIALOGUE,
        person=PersonFactory(name="Nadia Hidden", is_protected=True),
    )

    response = client_for(cast["organizer"]).get(
        create_url(cast), {"picker": "participant", "participant_search": "nadia"}
    )

    assert select_options(response.text) == [protected.pk]
    assert "Nadia Hidden · Northern Council" in response.text


@pytest.mark.parametrize("search", ["", "amira"])
def test_invitation_form_query_count_is_fixed(client_for, cast, side, invitee, search):
    client = client_for(cast["organizer"])
    counts = []
    for n in (3, 40):
        for _ in range(n):
            ParticipantFactory(side=side)
        client.get(create_url(cast))  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(create_url(cast), {"participant_search": search})
        counts.append(len(queries.captured_queries))

    assert counts == [INVITATION_FORM_QUERIES, INVITATION_FORM_QUERIES]


#: user and membership, rounds, the newest participants (or the search)
INVITATION_FORM_QUERIES = 4
