"""The options board: who sees which options, filters, the team's moves, query counts."""

import pytest
from django.urls import reverse

from facilitation.models import Option, OptionEvent, OptionStance, OptionTopic
from tests.facilitation.factories import OptionFactory
from trackii.privacy.levels import Level


def board_url(w, **params):
    from urllib.parse import urlencode

    url = reverse("facilitation:option-board", args=[w.dialogue.pk])
    return f"{url}?{urlencode(params)}" if params else url


@pytest.fixture
def options(console_world):
    w = console_world
    common = {"session": w.session, "author": w["facilitator"]}
    return {
        "team": OptionFactory(level=Level.TEAM, title="Team-only option", **common),
        "dialogue": OptionFactory(
            level=Level.DIALOGUE, title="Shared option", proposed_by="Ms Proposer", **common
        ),
    }


def test_option_board_for_facilitator_lists_team_and_dialogue_options(
    console_world, options, client_for
):
    response = client_for(console_world["facilitator"]).get(board_url(console_world))

    assert [r["option"].title for r in response.context["rows"]] == [
        "Shared option",
        "Team-only option",
    ]


def test_option_board_for_participant_hides_team_options_and_proposer(
    console_world, options, client_for
):
    response = client_for(console_world["participant"]).get(board_url(console_world))

    body = response.content.decode()
    assert [r["option"].title for r in response.context["rows"]] == ["Shared option"]
    assert "Team-only option" not in body
    assert "Ms Proposer" not in body


def test_option_board_for_funder_returns_403(console_world, options, client_for):
    response = client_for(console_world["funder"]).get(board_url(console_world))

    assert response.status_code == 403


def test_option_board_filter_by_state_keeps_matching_options(console_world, options, client_for):
    Option.objects.filter(pk=options["team"].pk).update(state=Option.State.EXPLORED)

    response = client_for(console_world["organizer"]).get(
        board_url(console_world, state="explored")
    )

    assert [r["option"].title for r in response.context["rows"]] == ["Team-only option"]


def test_option_board_filter_by_topic_keeps_matching_options(console_world, options, client_for):
    OptionTopic.objects.create(option=options["dialogue"], topic="ceasefire")

    response = client_for(console_world["organizer"]).get(
        board_url(console_world, topic="ceasefire")
    )

    assert [r["option"].title for r in response.context["rows"]] == ["Shared option"]


def test_option_board_filter_by_side_stance_keeps_matching_options(
    console_world, options, client_for
):
    w = console_world
    OptionStance.objects.create(option=options["team"], side=w.north, stance="supports")

    response = client_for(w["organizer"]).get(board_url(w, side=w.north.pk, stance="supports"))

    assert [r["option"].title for r in response.context["rows"]] == ["Team-only option"]


def test_option_board_filter_unknown_stance_includes_options_without_row(
    console_world, options, client_for
):
    w = console_world
    OptionStance.objects.create(option=options["team"], side=w.north, stance="supports")

    response = client_for(w["organizer"]).get(board_url(w, side=w.north.pk, stance="unknown"))

    assert [r["option"].title for r in response.context["rows"]] == ["Shared option"]


def test_option_board_filter_htmx_returns_partial(console_world, options, client_for):
    response = client_for(console_world["organizer"]).get(
        board_url(console_world, state="floated"), headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board-results">')


def test_option_board_filter_side_of_other_dialogue_answers_422(console_world, options, client_for):
    from tests.factories import SideFactory

    stranger = SideFactory()

    response = client_for(console_world["organizer"]).get(
        board_url(console_world, side=stranger.pk, stance="supports")
    )

    assert response.status_code == 422


def test_option_board_move_by_session_facilitator_records_event(console_world, options, client_for):
    w = console_world
    option = options["team"]
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, option.pk])

    response = client_for(w["facilitator"]).post(
        url, {"from_state": "floated", "to_state": "explored", "reason": "Discussed at length"}
    )

    option.refresh_from_db()
    assert response.status_code == 302
    assert option.state == "explored"
    assert list(OptionEvent.objects.filter(option=option).values_list("reason", flat=True)) == [
        "Discussed at length"
    ]


def test_option_board_offers_move_links_not_a_form_per_row(console_world, options, client_for):
    w = console_world

    body = client_for(w["facilitator"]).get(board_url(w)).content.decode()

    move_url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, options["team"].pk])
    assert f'href="{move_url}" hx-get="{move_url}"' in body
    assert 'name="to_state"' not in body


def test_option_board_move_link_opens_the_form_on_its_own_page_without_js(
    console_world, options, client_for
):
    w = console_world
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, options["team"].pk])

    response = client_for(w["facilitator"]).get(url)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Team-only option" in body
    assert f'action="{url}"' in body
    assert '<option value="explored">' in body
    assert "<html" in body


def test_option_board_move_form_with_htmx_is_the_form_alone(console_world, options, client_for):
    w = console_world
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, options["team"].pk])

    response = client_for(w["facilitator"]).get(url, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert body.strip().startswith("<form")
    assert "autofocus" in body


def test_option_board_refused_move_shows_the_form_with_the_reason_in_its_row(
    console_world, options, client_for
):
    w = console_world
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, options["team"].pk])

    response = client_for(w["facilitator"]).post(
        url, {"from_state": "floated", "to_state": "explored", "reason": ""}
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert body.count('name="to_state"') == 1
    assert "This field is required" in body


def test_option_board_move_from_stale_state_answers_409(console_world, options, client_for):
    w = console_world
    option = options["team"]
    Option.objects.filter(pk=option.pk).update(state=Option.State.EXPLORED)
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, option.pk])

    response = client_for(w["organizer"]).post(
        url, {"from_state": "floated", "to_state": "explored", "reason": "Again"}
    )

    assert response.status_code == 409
    assert OptionEvent.objects.filter(option=option).count() == 0


def test_option_board_move_without_reason_answers_422(console_world, options, client_for):
    w = console_world
    option = options["team"]
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, option.pk])

    response = client_for(w["organizer"]).post(
        url, {"from_state": "floated", "to_state": "explored", "reason": ""}
    )

    option.refresh_from_db()
    assert response.status_code == 422
    assert option.state == "floated"


def test_option_board_move_by_participant_returns_403(console_world, options, client_for):
    w = console_world
    url = reverse("facilitation:option-board-move", args=[w.dialogue.pk, options["dialogue"].pk])

    response = client_for(w["participant"]).post(
        url, {"from_state": "floated", "to_state": "explored", "reason": "x"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("count", [3, 120])
def test_option_board_query_count_is_fixed(
    console_world, client_for, django_assert_num_queries, count
):
    w = console_world
    client = client_for(w["organizer"])
    for _ in range(count):
        option = OptionFactory(session=w.session, level=Level.DIALOGUE)
        OptionTopic.objects.create(option=option, topic="ceasefire")
        OptionStance.objects.create(option=option, side=w.north, stance="open")

    with django_assert_num_queries(QUERIES):
        response = client.get(board_url(w))

    # A page of 50 at most, each with a "Move…" link and no form.
    assert len(response.context["rows"]) == min(count, 50)
    assert response.content.decode().count('class="board-move"') == min(count, 50)


QUERIES = 7  # user, membership, sides, count, page, topics, stances
