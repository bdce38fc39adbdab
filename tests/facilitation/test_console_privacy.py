"""What participants and funders never see of a session's live record: `team` items and
attribution (who logged or said something, and from which side it was said)."""

import pytest
from django.urls import reverse

from facilitation.models import Option, OptionEvent, OptionStance, TrustReading, TrustStep
from tests.facilitation.factories import OptionFactory, TrustStepFactory
from tests.factories import NoteFactory
from trackii.privacy.levels import Level

TEAM_ONLY = ["organizer", "facilitator"]


@pytest.fixture
def record(console_world):
    w = console_world
    author = w["facilitator"]
    common = {"session": w.session, "author": author}
    return {
        "team_step": TrustStepFactory(level=Level.TEAM, observed="team step", **common),
        "dialogue_step": TrustStepFactory(level=Level.DIALOGUE, observed="dialogue step", **common),
        "team_option": OptionFactory(level=Level.TEAM, title="team option", **common),
        "dialogue_option": OptionFactory(
            level=Level.DIALOGUE, title="dialogue option", proposed_by="Ms Proposer", **common
        ),
        "note": NoteFactory(
            level=Level.DIALOGUE,
            text="Said in the room, shared with everyone",
            speaker="Mr Speaker",
            speaker_side=w.north,
            **common,
        ),
    }


def titles(model, user, w):
    field = "observed" if model is TrustStep else "title"
    return set(
        model.objects.visible_to(user).filter(session=w.session).values_list(field, flat=True)
    )


@pytest.mark.parametrize(
    ("who", "steps", "options"),
    [
        ("organizer", {"team step", "dialogue step"}, {"team option", "dialogue option"}),
        ("facilitator", {"team step", "dialogue step"}, {"team option", "dialogue option"}),
        ("participant", {"dialogue step"}, {"dialogue option"}),
        ("observer", {"dialogue step"}, {"dialogue option"}),
        ("funder", set(), set()),
        ("outsider", set(), set()),
    ],
)
def test_steps_and_options_visible_to_role(console_world, record, who, steps, options):
    user = console_world[who]

    assert titles(TrustStep, user, console_world) == steps
    assert titles(Option, user, console_world) == options


@pytest.mark.parametrize(("who", "count"), [("organizer", 1), ("participant", 0), ("funder", 0)])
def test_trust_readings_are_for_the_team_only(console_world, who, count):
    w = console_world
    TrustReading.objects.create(
        session=w.session, side=w.north, trust=2, belief=2, source="anonymous"
    )

    assert TrustReading.objects.visible_to(w[who]).count() == count


@pytest.mark.parametrize(
    ("who", "expected"),
    [("facilitator", {"team", "dialogue"}), ("participant", {"dialogue"}), ("funder", set())],
)
def test_option_history_and_stances_go_with_the_option(console_world, record, who, expected):
    w = console_world
    for name in ("team_option", "dialogue_option"):
        option = record[name]
        OptionEvent.objects.create(
            option=option, from_state="", to_state="floated", reason=name.split("_")[0]
        )
        OptionStance.objects.create(option=option, side=w.north, stance="supports")

    user = w[who]

    assert set(OptionEvent.objects.visible_to(user).values_list("reason", flat=True)) == expected
    assert OptionStance.objects.visible_to(user).count() == len(expected)


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_note_list_for_content_reader_shows_the_note_without_who_or_which_side(
    console_world, record, client_for, who
):
    w = console_world

    response = client_for(w[who]).get(reverse("facilitation:note-list", args=[w.dialogue.pk]))

    html = response.content.decode()
    assert "Said in the room, shared with everyone" in html
    for attribution in ("Mr Speaker", "Northern Council", "The facilitator"):
        assert attribution not in html


def test_note_list_for_organizer_shows_speaker_side_and_author(console_world, record, client_for):
    w = console_world

    response = client_for(w["organizer"]).get(
        reverse("facilitation:note-list", args=[w.dialogue.pk])
    )

    html = response.content.decode()
    for attribution in ("Mr Speaker", "Northern Council", "The facilitator"):
        assert attribution in html


@pytest.mark.parametrize("who", ["participant", "observer", "funder"])
def test_console_for_non_team_member_is_403_and_shows_nothing(
    console_world, record, client_for, who
):
    w = console_world

    response = client_for(w[who]).get(
        reverse("facilitation:console", args=[w.dialogue.pk, w.session.pk])
    )

    html = response.content.decode()
    assert response.status_code == 403
    for secret in ("team step", "dialogue option", "Ms Proposer", "Mr Speaker"):
        assert secret not in html


@pytest.mark.parametrize("who", TEAM_ONLY)
def test_console_for_team_shows_attribution(console_world, record, client_for, who):
    w = console_world

    response = client_for(w[who]).get(
        reverse("facilitation:console", args=[w.dialogue.pk, w.session.pk])
    )

    html = response.content.decode()
    for shown in ("team step", "dialogue option", "Ms Proposer", "Mr Speaker", "Northern Council"):
        assert shown in html
