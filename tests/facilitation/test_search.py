"""Search within a dialogue: only what the user may read, attribution for the team only."""

import pytest
from django.urls import reverse

from facilitation import after
from facilitation.models import Outcome
from tests.facilitation.factories import OptionFactory
from tests.factories import NoteFactory
from trackii.privacy.levels import Level


def search(client, w, q):
    return client.get(reverse("facilitation:search", args=[w.dialogue.pk]), {"q": q})


@pytest.fixture
def planted(console_world):
    w = console_world
    common = {"session": w.session, "author": w["facilitator"]}
    for level in [Level.REPORTABLE, Level.DIALOGUE, Level.TEAM, Level.RESTRICTED]:
        NoteFactory(level=level, text=f"Water sharing at {level} level", **common)
    OptionFactory(
        level=Level.DIALOGUE, title="Joint water commission", proposed_by="Dr Water", **common
    )
    after.outcome_save(
        actor=w["organizer"],
        dialogue=w.dialogue,
        data={
            "who_kind": Outcome.WhoKind.GROUP,
            "what_changed": "Water ministry opened talks",
            "observed_on": "2026-05-04",
            "level": Level.TEAM,
        },
    )


def snippets(response):
    return sorted(h.snippet for h in response.context["hits"])


def test_search_for_participant_finds_only_dialogue_wide_items(console_world, planted, client_for):
    response = search(client_for(console_world["participant"]), console_world, "WATER")

    assert snippets(response) == [
        "Joint water commission",
        "Water sharing at dialogue level",
        "Water sharing at reportable level",
    ]


def test_search_for_author_finds_restricted_and_team_items(console_world, planted, client_for):
    response = search(client_for(console_world["facilitator"]), console_world, "water")

    assert snippets(response) == [
        "Joint water commission",
        "Water ministry opened talks",
        "Water sharing at dialogue level",
        "Water sharing at reportable level",
        "Water sharing at restricted level",
        "Water sharing at team level",
    ]


def test_search_for_organizer_skips_others_restricted_note(console_world, planted, client_for):
    response = search(client_for(console_world["organizer"]), console_world, "restricted")

    assert snippets(response) == []


def test_search_by_proposer_for_participant_finds_nothing(console_world, planted, client_for):
    response = search(client_for(console_world["participant"]), console_world, "Dr Water")

    assert snippets(response) == []


def test_search_by_proposer_for_team_finds_option(console_world, planted, client_for):
    response = search(client_for(console_world["organizer"]), console_world, "Dr Water")

    assert snippets(response) == ["Dr Water"]


def test_search_for_funder_returns_403(console_world, planted, client_for):
    response = search(client_for(console_world["funder"]), console_world, "water")

    assert response.status_code == 403


def test_search_too_short_query_answers_422(console_world, planted, client_for):
    response = search(client_for(console_world["organizer"]), console_world, "w")

    assert response.status_code == 422


def test_search_stops_at_fifty_hits(console_world, client_for):
    w = console_world
    for i in range(55):
        NoteFactory(level=Level.TEAM, text=f"Hit {i}", session=w.session)

    response = search(client_for(w["organizer"]), w, "hit")

    assert len(response.context["hits"]) == 50
    assert response.context["more"] is True
