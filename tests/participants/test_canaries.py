"""The privacy matrix's canaries of this area are really there for those who may read them:
a hidden canary proves nothing unless it can be seen somewhere."""

import pytest
from django.urls import reverse

from tests.privacy.world import plant


@pytest.fixture
def world(cast):
    return plant(cast)


def detail(world):
    return reverse(
        "participants:detail",
        kwargs={
            "dialogue_id": world.dialogue.pk,
            "participant_id": world.objects["participants_canary"].pk,
        },
    )


@pytest.mark.parametrize(
    ("who", "canary"),
    [
        ("organizer", "CANARY-CONTACT-EMAIL"),
        ("organizer", "CANARY-CONTACT-PHONE"),
        ("organizer", "CANARY-VETTING-RESTRICTED-NOTE"),
        ("facilitator", "CANARY-VETTING-TEAM-NOTE"),
        ("facilitator", "CANARY-PROPOSER-NAME"),
        ("facilitator", "CANARY-PARTICIPANT-AFFILIATION"),
        ("facilitator", "CANARY-PARTICIPANT-RATIONALE"),
    ],
)
def test_participant_canary_is_shown_to_a_reader(who, canary, world, client_for):
    page = client_for(world.cast[who]).get(detail(world)).text

    assert canary in page


def test_other_dialogue_person_is_listed_for_its_organizer(world, client_for):
    url = reverse("participants:list", kwargs={"dialogue_id": world.cast.other_dialogue.pk})

    page = client_for(world.cast["other_member"]).get(url).text

    assert "CANARY-OTHER-DIALOGUE-PERSON" in page
