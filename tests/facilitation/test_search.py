"""Search within a dialogue: only what the user may read, attribution for the team only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from facilitation import after
from facilitation.models import Outcome, Reflection, Transfer, TrustStep
from tests.facilitation.factories import OptionFactory
from tests.factories import (
    NoteFactory,
    ParticipantFactory,
    PersonFactory,
    RoundParticipationFactory,
)
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


@pytest.fixture
def every_kind(console_world):
    """One item of each newer kind whose text holds "lantern", at a level per kind."""
    w = console_world
    Transfer.objects.create(
        dialogue=w.dialogue,
        transferred_on=dt.date(2026, 10, 20),
        channel="briefing",
        recipient_kind="ministry",
        insight="The lantern proposal reached the ministry",
        recipient_name="Deputy Lantern-Bearer",
        level=Level.DIALOGUE,
    )
    TrustStep.objects.create(
        dialogue=w.dialogue,
        session=w.session,
        observed="They shared a lantern at dinner",
        level=Level.TEAM,
        author=w["facilitator"],
    )
    Reflection.objects.create(
        round=w.session.round, author=w["facilitator"], what_worked="The lantern walk"
    )
    # The searching participant and the two they will meet, confirmed for the round;
    # participants see only who is confirmed for a round of their own.
    round_ = w.session.round
    viewer = PersonFactory(name="Vera Viewer", user=w["participant"])
    lina = PersonFactory(name="Lina Lantern")
    omar = PersonFactory(name="Omar Lanternson", is_protected=True)
    for person, side in ((viewer, w.third), (lina, w.north), (omar, w.river)):
        seated = ParticipantFactory(side=side, person=person, state="confirmed")
        RoundParticipationFactory(round=round_, participant=seated)
    protected = seated
    ParticipantFactory(side=w.river, person=PersonFactory(name="Dina Lantern"), state="declined")
    return {"protected": protected}


def kinds_found(response):
    return sorted({h.code for h in response.context["hits"]})


def test_search_finds_each_kind_for_the_organizer(console_world, every_kind, client_for):
    response = search(client_for(console_world["organizer"]), console_world, "lantern")

    assert kinds_found(response) == [
        "participant",
        "reflection",
        "transfer",
        "trust_step",
    ]
    names = [h.snippet for h in response.context["hits"] if h.code == "participant"]
    # Organizers see a protected person's name, and who declined.
    assert sorted(names) == ["Dina Lantern", "Lina Lantern", "Omar Lanternson"]
    # Each hit leads to its page.
    assert all(h.url for h in response.context["hits"])


def test_search_for_a_participant_finds_only_what_they_may_read(
    console_world, every_kind, client_for
):
    response = search(client_for(console_world["participant"]), console_world, "lantern")

    # The transfer is dialogue-level; the step is team, the reflection team-only.
    assert kinds_found(response) == ["participant", "transfer"]
    text = response.text
    assert "Lina Lantern" in text
    assert "Omar Lanternson" not in text  # protected: known by the pseudonym only
    assert "Dina Lantern" not in text  # who declined is the team's to know
    assert "Deputy Lantern-Bearer" not in text  # the recipient is attribution
    assert "lantern walk" not in text


def test_search_by_recipient_needs_attribution(console_world, every_kind, client_for):
    w = console_world
    assert search(client_for(w["observer"]), w, "Deputy").context["hits"] == []
    assert kinds_found(search(client_for(w["facilitator"]), w, "Deputy")) == ["transfer"]


def test_search_narrows_by_kind_level_and_date(console_world, every_kind, planted, client_for):
    w = console_world
    client = client_for(w["organizer"])
    url = reverse("facilitation:search", args=[w.dialogue.pk])

    only = client.get(url, {"q": "lantern", "kinds": ["transfer", "reflection"]})
    assert kinds_found(only) == ["reflection", "transfer"]

    team = client.get(url, {"q": "lantern", "level": Level.TEAM})
    assert kinds_found(team) == ["trust_step"]  # reflections have no level

    today = timezone.localdate()
    past = client.get(url, {"q": "lantern", "until": str(today - dt.timedelta(days=1))})
    assert past.context["hits"] == []
    now = client.get(url, {"q": "lantern", "since": str(today), "until": str(today)})
    assert len(now.context["hits"]) == 6

    backwards = client.get(url, {"q": "lantern", "since": str(today), "until": "2020-01-01"})
    assert backwards.status_code == 422
    assert "The end comes before the start." in backwards.text


def test_the_search_form_offers_reflections_to_the_team_only(console_world, client_for):
    w = console_world
    url = reverse("facilitation:search", args=[w.dialogue.pk])
    assert 'value="reflection"' in client_for(w["facilitator"]).get(url).text
    assert 'value="reflection"' not in client_for(w["observer"]).get(url).text


def test_a_protected_participant_is_found_by_pseudonym_only(console_world, every_kind, client_for):
    w = console_world
    client = client_for(w["participant"])
    pseudonym = every_kind["protected"].pseudonym

    found = search(client, w, pseudonym).context["hits"]
    assert [h.snippet for h in found] == [pseudonym]
    assert search(client, w, "Omar").context["hits"] == []
