"""Linking the dialogue's funder members to the Funder they represent."""

import pytest
from django.urls import reverse

from dialogues.models import FunderContact
from tests.factories import DialogueFactory, FunderFactory, FundingFactory, MembershipFactory
from trackii.privacy.models import AuditEvent


def linked(funder, dialogue):
    """The accounts linked to `funder` in `dialogue`."""
    return [c.user for c in FunderContact.objects.filter(funder=funder, dialogue=dialogue)]


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
    assert linked(funder, cast.dialogue) == [cast["funder"]]


def test_funder_link_user_with_observer_answers_422_with_message(cast, client_for, funder):
    response = client_for(cast["organizer"]).post(
        url("funder-link-user", cast.dialogue, funder), {"user": cast["observer"].pk}
    )

    assert response.status_code == 422
    assert "Choose a member who holds the funder role in this dialogue." in (
        response.content.decode()
    )
    assert linked(funder, cast.dialogue) == []


@pytest.mark.parametrize("where", ["same organization", "other organization"])
def test_funder_link_user_to_funder_not_funding_this_dialogue_is_404(cast, client_for, where):
    dialogue = DialogueFactory() if where == "same organization" else cast.other_dialogue
    elsewhere = FundingFactory(dialogue=dialogue).funder

    response = client_for(cast["organizer"]).post(
        url("funder-link-user", cast.dialogue, elsewhere), {"user": cast["funder"].pk}
    )

    assert response.status_code == 404
    assert not FunderContact.objects.filter(funder=elsewhere).exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("facilitator", 403), ("funder", 403), ("other_member", 404), ("outsider", 404)],
)
def test_funder_link_user_by_non_organizer_is_refused(cast, client_for, funder, who, status):
    response = client_for(cast[who]).post(
        url("funder-link-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == status
    assert linked(funder, cast.dialogue) == []


def test_funder_unlink_user_removes_the_link(cast, client_for, funder):
    FunderContact.objects.create(dialogue=cast.dialogue, funder=funder, user=cast["funder"])

    response = client_for(cast["organizer"]).post(
        url("funder-unlink-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == 302
    assert linked(funder, cast.dialogue) == []


def test_funder_unlink_user_here_keeps_their_link_in_another_dialogue(cast, client_for, funder):
    # The same funder, and the same account, in a second dialogue of the organization.
    second = DialogueFactory()
    FundingFactory(dialogue=second, funder=funder)
    MembershipFactory(dialogue=second, user=cast["funder"], role="funder")
    FunderContact.objects.create(dialogue=second, funder=funder, user=cast["funder"])
    FunderContact.objects.create(dialogue=cast.dialogue, funder=funder, user=cast["funder"])

    response = client_for(cast["organizer"]).post(
        url("funder-unlink-user", cast.dialogue, funder), {"user": cast["funder"].pk}
    )

    assert response.status_code == 302
    assert linked(funder, cast.dialogue) == []
    assert linked(funder, second) == [cast["funder"]]


def test_funder_unlink_user_not_linked_here_answers_422(cast, client_for, funder):
    response = client_for(cast["organizer"]).post(
        url("funder-unlink-user", cast.dialogue, funder), {"user": cast["other_member"].pk}
    )

    assert response.status_code == 422


def test_funder_link_and_unlink_are_audited_with_who_did_it(cast, client_for, funder):
    client = client_for(cast["organizer"])

    client.post(url("funder-link-user", cast.dialogue, funder), {"user": cast["funder"].pk})
    client.post(url("funder-unlink-user", cast.dialogue, funder), {"user": cast["funder"].pk})

    events = AuditEvent.objects.filter(dialogue=cast.dialogue, object_id=str(funder.pk))
    assert [(e.action, e.actor, e.detail, e.organization) for e in events.order_by("id")] == [
        ("funder_linked", cast["organizer"], {"user_id": cast["funder"].pk}, cast.organization),
        ("funder_unlinked", cast["organizer"], {"user_id": cast["funder"].pk}, cast.organization),
    ]
