"""The add-participant form's "reuse a person" picker (trackii/privacy/pickers.py): people
from the organizer's other dialogues, the newest few, a search that reaches further, and
every reusable person accepted, not only those drawn."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Participant
from tests.factories import (
    DialogueFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
)
from trackii.privacy.pickers import LIMIT

HTMX = {"HTTP_HX_REQUEST": "true"}


def select_options(html: str) -> list[int]:
    select = re.search(r'<select name="existing_person".*?</select>', html, re.S).group(0)
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select)]


@pytest.fixture
def known(cast):
    """People of another dialogue of the organization that the cast's organizer organizes
    too: one with a name of their own first, then more than the picker shows."""
    second = DialogueFactory(organization=cast.organization)
    MembershipFactory(dialogue=second, user=cast["organizer"], role="organizer")
    first = PersonFactory(name="Eli Known", affiliation="River Council")
    ParticipantFactory(person=first, side__dialogue=second)
    crowd = []
    for _ in range(LIMIT + 5):
        crowd.append(PersonFactory())
        ParticipantFactory(person=crowd[-1], side__dialogue=second)
    return first, crowd


def reuse(side, person_id):
    return {"existing_person": person_id, "side": side.pk, "level": "team", "state": "proposed"}


def test_reuse_picker_offers_the_newest_few_people(cast, sides, known, client_for, url):
    _first, crowd = known

    html = client_for(cast["organizer"]).get(url("create")).text

    assert select_options(html) == [p.pk for p in reversed(crowd)][:LIMIT]
    assert "The 20 newest are listed. Search to find others." in html


def test_reuse_picker_search_finds_a_person_beyond_the_newest(cast, sides, known, client_for, url):
    first, _crowd = known
    client = client_for(cast["organizer"])

    page = client.get(url("create"), {"existing_person_search": "river council"})
    fragment = client.get(
        url("create"), {"picker": "existing_person", "existing_person_search": "eli"}, **HTMX
    )

    assert select_options(page.text) == [first.pk]
    assert "Eli Known (River Council)" in page.text
    assert select_options(fragment.text) == [first.pk]
    assert "Add a participant" not in fragment.text


def test_reuse_picker_reuses_a_person_beyond_the_newest(cast, sides, known, client_for, url):
    first, _crowd = known

    response = client_for(cast["organizer"]).post(url("create"), reuse(sides["south"], first.pk))

    assert response.status_code == 302
    assert Participant.objects.get(dialogue=cast.dialogue, person=first).side == sides["south"]


def test_reuse_picker_with_errors_keeps_the_chosen_person(cast, sides, known, client_for, url):
    first, _crowd = known
    data = {**reuse(sides["south"], first.pk), "side": ""}

    response = client_for(cast["organizer"]).post(url("create"), data)

    assert response.status_code == 422
    assert select_options(response.text)[0] == first.pk
    assert f'<option value="{first.pk}" selected>' in response.text


@pytest.mark.parametrize("bad", ["stranger", "abc", "9" * 30])
def test_reuse_picker_refuses_a_person_not_to_reuse(cast, sides, known, client_for, url, bad):
    stranger = PersonFactory(name="Fay Elsewhere")
    # In a dialogue the organizer holds no role in.
    ParticipantFactory(person=stranger, side__dialogue=DialogueFactory())
    value = stranger.pk if bad == "stranger" else bad

    response = client_for(cast["organizer"]).post(url("create"), reuse(sides["south"], value))

    assert response.status_code == 422
    assert response.context["form"].errors["existing_person"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0


def test_reuse_picker_never_offers_people_of_another_organization(
    cast, sides, known, client_for, url
):
    # The organizer also organizes a dialogue of another organization.
    MembershipFactory(dialogue=cast.other_dialogue, user=cast["organizer"], role="organizer")
    elsewhere = PersonFactory(name="Gil Otherorg")
    ParticipantFactory(person=elsewhere, side__dialogue=cast.other_dialogue)
    client = client_for(cast["organizer"])

    search = client.get(
        url("create"), {"picker": "existing_person", "existing_person_search": "gil"}, **HTMX
    )
    post = client.post(url("create"), reuse(sides["south"], elsewhere.pk))

    assert "Gil Otherorg" not in search.text
    assert post.status_code == 422
    assert Participant.objects.filter(dialogue=cast.dialogue).count() == 0


def test_reuse_picker_search_never_finds_a_stranger(cast, sides, known, client_for, url):
    stranger = PersonFactory(name="Eli Stranger")
    # In a dialogue the organizer holds no role in.
    ParticipantFactory(person=stranger, side__dialogue=DialogueFactory())

    response = client_for(cast["organizer"]).get(
        url("create"), {"picker": "existing_person", "existing_person_search": "eli"}
    )

    assert "Eli Stranger" not in response.text
    assert "Eli Known (River Council)" in response.text


@pytest.mark.parametrize("search", ["", "eli"])
def test_add_participant_query_count_is_fixed(cast, sides, client_for, url, search):
    second = DialogueFactory(organization=cast.organization)
    MembershipFactory(dialogue=second, user=cast["organizer"], role="organizer")
    client = client_for(cast["organizer"])
    counts = []
    for n in (3, 40):
        for _ in range(n):
            ParticipantFactory(side__dialogue=second)
        client.get(url("create"))  # warm
        with CaptureQueriesContext(connection) as queries:
            client.get(url("create"), {"existing_person_search": search})
        counts.append(len(queries.captured_queries))

    assert counts == [ADD_PARTICIPANT_QUERIES, ADD_PARTICIPANT_QUERIES]


#: user, membership, sides, any reusable, the newest reusable (or the search)
ADD_PARTICIPANT_QUERIES = 5
