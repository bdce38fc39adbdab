"""An option's own page (issue 17): its history, lineage, stances and transfers, linked
from the board and from search, each part only as the reader may read it."""

import datetime as dt

import pytest
from django.urls import reverse

from facilitation.models import OptionEvent, OptionLineage, OptionStance, Transfer
from tests.facilitation.factories import OptionFactory
from trackii.privacy.levels import Level


@pytest.fixture
def story(console_world):
    w = console_world
    common = {"session": w.session, "author": w["facilitator"]}
    parent = OptionFactory(level=Level.TEAM, title="Closed-door water talks", **common)
    option = OptionFactory(
        level=Level.DIALOGUE, title="Joint water commission", proposed_by="Dr Water", **common
    )
    child = OptionFactory(level=Level.DIALOGUE, title="Water commission with observers", **common)
    OptionLineage.objects.create(option=option, parent=parent)
    OptionLineage.objects.create(option=child, parent=option, kind=OptionLineage.Kind.MERGED)
    OptionEvent.objects.create(option=option, from_state="", to_state="floated")
    OptionEvent.objects.create(
        option=option, from_state="floated", to_state="explored", reason="Both sides asked"
    )
    OptionStance.objects.create(option=option, side=w.north, stance="supports")
    Transfer.objects.create(
        dialogue=w.dialogue,
        option=option,
        transferred_on=dt.date(2026, 10, 20),
        channel="briefing",
        recipient_kind="ministry",
        recipient_name="Deputy Minister Idris",
        level=Level.TEAM,
    )
    return option


def page(client, w, option):
    return client.get(reverse("facilitation:option-detail", args=[w.dialogue.pk, option.pk]))


def test_the_team_reads_the_whole_story(console_world, story, client_for):
    text = page(client_for(console_world["organizer"]), console_world, story).text

    for expected in (
        "Joint water commission",
        "Both sides asked",
        "Closed-door water talks",  # it was refined from this team option
        "Water commission with observers",  # merged into this one
        "Deputy Minister Idris",
        "Dr Water",
        "Northern Council",
    ):
        assert expected in text, expected


def test_a_participant_reads_only_what_they_may(console_world, story, client_for):
    response = page(client_for(console_world["participant"]), console_world, story)

    assert response.status_code == 200
    text = response.text
    assert "Joint water commission" in text
    assert "Water commission with observers" in text
    assert "Closed-door water talks" not in text  # a team option's title
    assert "Deputy Minister Idris" not in text  # a team transfer
    assert "Dr Water" not in text  # attribution
    assert "No transfer of this option that you may read." in text


def test_the_board_and_search_link_to_the_page(console_world, story, client_for):
    w = console_world
    client = client_for(w["observer"])
    url = reverse("facilitation:option-detail", args=[w.dialogue.pk, story.pk])
    board = client.get(reverse("facilitation:option-board", args=[w.dialogue.pk])).text
    assert f'href="{url}"' in board
    found = client.get(reverse("facilitation:search", args=[w.dialogue.pk]), {"q": "joint"})
    assert [h.url for h in found.context["hits"]] == [url]


def test_the_page_costs_a_fixed_number_of_queries(
    console_world, story, client_for, django_assert_num_queries
):
    client = client_for(console_world["organizer"])
    # the user and membership (2), then the option story (7)
    with django_assert_num_queries(9):
        page(client, console_world, story)
