"""Sides in a dialogue's settings: add, rename, remove (refused while something uses it)."""

import pytest
from django.urls import reverse

from dialogues.models import Side
from tests.factories import ParticipantFactory, SideFactory, VenueSideAccessFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def sides(cast):
    return {
        name: SideFactory(dialogue=cast.dialogue, name=name)
        for name in ["Upriver", "Downriver", "Delta"]
    }


@pytest.fixture
def organizer(cast, client_for):
    return client_for(cast["organizer"])


def url(name, dialogue, side=None):
    args = [dialogue.pk] if side is None else [dialogue.pk, side.pk]
    return reverse(f"dialogues:{name}", args=args)


def names(dialogue):
    return set(Side.objects.filter(dialogue=dialogue).values_list("name", flat=True))


def test_side_add_by_organizer_creates_side(cast, sides, organizer):
    response = organizer.post(url("side-add", cast.dialogue), {"name": "Hill tribes"})

    assert response.status_code == 302
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta", "Hill tribes"}


def test_side_add_with_existing_name_answers_422(cast, sides, organizer):
    response = organizer.post(url("side-add", cast.dialogue), {"name": "upriver"})

    assert response.status_code == 422
    assert "This dialogue already has a side with this name." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_add_with_htmx_returns_sides_section_only(cast, sides, organizer):
    response = organizer.post(url("side-add", cast.dialogue), {"name": "Hill tribes"}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card" id="sides"')
    assert "Hill tribes" in response.text


def test_side_add_with_empty_name_answers_422(cast, sides, organizer):
    response = organizer.post(url("side-add", cast.dialogue), {"name": ""})

    assert response.status_code == 422
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_add_by_facilitator_returns_403(cast, sides, client_for):
    response = client_for(cast["facilitator"]).post(
        url("side-add", cast.dialogue), {"name": "Hill tribes"}
    )

    assert response.status_code == 403
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_edit_renames_side_and_keeps_its_participants(cast, sides, organizer):
    participant = ParticipantFactory(side=sides["Delta"])

    response = organizer.post(url("side-edit", cast.dialogue, sides["Delta"]), {"name": "Estuary"})

    participant.refresh_from_db()
    assert response.status_code == 302
    assert participant.side.name == "Estuary"


def test_side_edit_to_name_of_another_side_answers_422(cast, sides, organizer):
    response = organizer.post(url("side-edit", cast.dialogue, sides["Delta"]), {"name": "Upriver"})

    assert response.status_code == 422
    assert "This dialogue already has a side with this name." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_edit_with_htmx_get_returns_form_row(cast, sides, organizer):
    response = organizer.get(url("side-edit", cast.dialogue, sides["Delta"]), headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="side-{sides["Delta"].pk}">')
    assert 'value="Delta"' in response.text


def test_side_edit_with_htmx_post_returns_renamed_row(cast, sides, organizer):
    response = organizer.post(
        url("side-edit", cast.dialogue, sides["Delta"]), {"name": "Estuary"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="side-{sides["Delta"].pk}">')
    assert '<th scope="row">Estuary</th>' in response.text


def test_side_edit_of_another_dialogue_returns_404(cast, organizer):
    other_side = SideFactory(dialogue=cast.other_dialogue)

    response = organizer.get(url("side-edit", cast.dialogue, other_side))

    assert response.status_code == 404


def test_side_remove_of_unused_side_deletes_it(cast, sides, organizer):
    response = organizer.post(url("side-remove", cast.dialogue, sides["Delta"]))

    assert response.status_code == 302
    assert names(cast.dialogue) == {"Upriver", "Downriver"}


def test_side_remove_with_participants_is_refused_with_message(cast, sides, organizer):
    ParticipantFactory(side=sides["Delta"])

    response = organizer.post(url("side-remove", cast.dialogue, sides["Delta"]), follow=True)

    assert "Participants are on this side. Move them to another side first." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_remove_with_venue_access_is_refused_with_message(cast, sides, organizer):
    VenueSideAccessFactory(venue__dialogue=cast.dialogue, side=sides["Delta"])

    response = organizer.post(url("side-remove", cast.dialogue, sides["Delta"]), follow=True)

    assert "Venue comparisons record travel and visas for this side." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_remove_refused_with_htmx_answers_422_with_message(cast, sides, organizer):
    ParticipantFactory(side=sides["Delta"])

    response = organizer.post(url("side-remove", cast.dialogue, sides["Delta"]), headers=HTMX)

    assert response.status_code == 422
    assert "Participants are on this side." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}


def test_side_remove_leaving_one_side_of_the_conflict_is_refused(cast, organizer):
    upriver = SideFactory(dialogue=cast.dialogue, name="Upriver")
    SideFactory(dialogue=cast.dialogue, name="Downriver")
    SideFactory(dialogue=cast.dialogue, name="Conveners", is_third_party=True)

    response = organizer.post(url("side-remove", cast.dialogue, upriver), follow=True)

    assert "A dialogue needs at least two sides of the conflict." in response.text
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Conveners"}


def test_side_remove_by_facilitator_returns_403(cast, sides, client_for):
    response = client_for(cast["facilitator"]).post(
        url("side-remove", cast.dialogue, sides["Delta"])
    )

    assert response.status_code == 403
    assert names(cast.dialogue) == {"Upriver", "Downriver", "Delta"}
