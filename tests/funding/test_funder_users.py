"""Linking the dialogue's funder members to the Funder they represent."""

import pytest
from django.urls import reverse

from tests.factories import FunderFactory, FundingFactory


def url(name, dialogue, funder):
    return reverse(f"dialogues:{name}", kwargs={"dialogue_id": dialogue.pk, "funder_id": funder.pk})


@pytest.fixture
def funder(cast):
    return FundingFactory(dialogue=cast.dialogue, funder=FunderFactory(name="Alpine Trust")).funder


def test_funder_link_user_with_funder_member_links_and_redirects(cast, client_for, funder):
    response = client_for(cast["organizer"]).post(
        url("funder-link-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == 302
    assert response.url.endswith(f"#funder-{funder.pk}")
    assert list(funder.users.all()) == [cast["funder"]]


def test_funder_link_user_with_observer_answers_422_with_message(cast, client_for, funder):
    response = client_for(cast["organizer"]).post(
        url("funder-link-user", cast.dialogue, funder), {"user": cast["observer"].pk}
    )

    assert response.status_code == 422
    assert "Choose a member who holds the funder role in this dialogue." in (
        response.content.decode()
    )
    assert list(funder.users.all()) == []


def test_funder_link_user_to_funder_not_funding_this_dialogue_is_404(cast, client_for):
    elsewhere = FundingFactory(dialogue=cast.other_dialogue).funder

    response = client_for(cast["organizer"]).post(
        url("funder-link-user", cast.dialogue, elsewhere), {"user": cast["funder"].pk}
    )

    assert response.status_code == 404
    assert list(elsewhere.users.all()) == []


@pytest.mark.parametrize(
    ("who", "status"),
    [("facilitator", 403), ("funder", 403), ("other_member", 404), ("outsider", 404)],
)
def test_funder_link_user_by_non_organizer_is_refused(cast, client_for, funder, who, status):
    response = client_for(cast[who]).post(
        url("funder-link-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == status
    assert list(funder.users.all()) == []


def test_funder_unlink_user_removes_the_link(cast, client_for, funder):
    funder.users.add(cast["funder"])

    response = client_for(cast["organizer"]).post(
        url("funder-unlink-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == 302
    assert list(funder.users.all()) == []


def test_funder_unlink_user_of_another_dialogue_answers_422_and_keeps_the_link(
    cast, client_for, funder
):
    funder.users.add(cast["other_member"])

    response = client_for(cast["organizer"]).post(
        url("funder-unlink-user", cast.dialogue, funder), {"user": cast["other_member"].pk}
    )

    assert response.status_code == 422
    assert list(funder.users.all()) == [cast["other_member"]]
