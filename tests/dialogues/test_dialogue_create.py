"""Creating a dialogue: an organization's administrators and the members it allows, who
become its organizer. Nobody else, and nobody else sees the button."""

import pytest
from django.urls import reverse

from dialogues.models import Dialogue, Side
from tests.factories import OrganizationMembershipFactory, UserFactory
from trackii.organizations.models import OrgRole
from trackii.privacy.models import AuditEvent, Membership


def valid(**overrides):
    data = {
        "code_name": "WILLOW",
        "title": "Typed real title",
        "description": "",
        "context": "Typed context",
        "status": "exploring",
        "track": "track2",
        "agreement_rule": "chatham_house",
        "agreement_records_access": "",
        "agreement_years": "",
        "default_level": "team",
        "k_threshold": "5",
        "sides": "Upriver\nDownriver",
        "add_third_party": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def creator(cast):
    """A member of JUNIPER's organization allowed to create dialogues, in no dialogue yet."""
    user = UserFactory(email="creator@example.org")
    OrganizationMembershipFactory(org=cast.organization, user=user, role=OrgRole.CREATOR)
    return user


@pytest.fixture
def outsider_client(cast, client_for, creator):
    # Named for what it was before organizations: a user in no dialogue (now a creator).
    return client_for(creator)


def test_dialogue_create_page_checks_third_party_side_by_default(outsider_client):
    response = outsider_client.get(reverse("dialogue-create"))

    assert response.status_code == 200
    assert 'name="add_third_party" id="id_add_third_party" checked' in response.text


def test_dialogue_create_by_user_without_dialogue_makes_them_organizer(
    cast, outsider_client, creator
):
    response = outsider_client.post(reverse("dialogue-create"), valid())

    dialogue = Dialogue.objects.get(code_name="WILLOW")
    assert response.status_code == 302
    assert response.url == reverse("dialogues:detail", args=[dialogue.pk])
    assert list(Membership.objects.filter(dialogue=dialogue).values_list("user", "role")) == [
        (creator.pk, "organizer")
    ]
    assert dialogue.organization == cast.organization


def test_dialogue_create_writes_member_added_audit_event(cast, outsider_client, creator):
    outsider_client.post(reverse("dialogue-create"), valid())

    dialogue = Dialogue.objects.get(code_name="WILLOW")
    event = AuditEvent.objects.get(dialogue=dialogue)
    assert (event.action, event.actor, event.detail["role"], event.organization) == (
        AuditEvent.Action.MEMBER_ADDED,
        creator,
        "organizer",
        cast.organization,
    )


def test_dialogue_create_with_third_party_creates_named_sides_and_third_party(outsider_client):
    outsider_client.post(reverse("dialogue-create"), valid())

    sides = Side.objects.filter(dialogue__code_name="WILLOW")
    assert set(sides.values_list("name", "is_third_party")) == {
        ("Upriver", False),
        ("Downriver", False),
        ("Third party (conveners and experts)", True),
    }


def test_dialogue_create_without_third_party_creates_only_named_sides(outsider_client):
    outsider_client.post(reverse("dialogue-create"), valid(add_third_party=None))

    sides = Side.objects.filter(dialogue__code_name="WILLOW")
    assert set(sides.values_list("name", flat=True)) == {"Upriver", "Downriver"}


def test_dialogue_create_ignores_blank_lines_and_spaces_in_sides(outsider_client):
    outsider_client.post(
        reverse("dialogue-create"), valid(sides="  Upriver \n\n Downriver\n", add_third_party=None)
    )

    sides = Side.objects.filter(dialogue__code_name="WILLOW")
    assert set(sides.values_list("name", flat=True)) == {"Upriver", "Downriver"}


def test_dialogue_create_without_code_name_answers_422_and_keeps_input(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(code_name=""))

    assert response.status_code == 422
    assert "Give the dialogue a code name" in response.text
    assert "Typed real title" in response.text
    assert "Upriver\nDownriver" in response.text
    assert [d for d in Dialogue.objects.all() if d.title == "Typed real title"] == []


@pytest.mark.parametrize("code_name", ["JUNIPER", "juniper"])
def test_dialogue_create_with_taken_code_name_answers_422(code_name, outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(code_name=code_name))

    assert response.status_code == 422
    assert "This code name is not available. Choose another one." in response.text
    assert Dialogue.objects.filter(code_name__iexact="juniper").count() == 1


def test_dialogue_create_with_one_side_answers_422(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(sides="Upriver"))

    assert response.status_code == 422
    assert "Name at least two sides of the conflict, one per line." in response.text
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


def test_dialogue_create_with_same_side_twice_answers_422(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(sides="Upriver\nupriver"))

    assert response.status_code == 422
    assert "Each side needs a different name." in response.text


def test_dialogue_create_with_overlong_side_name_answers_422(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(sides=f"{'x' * 81}\nB"))

    assert response.status_code == 422
    assert "Each side&#x27;s name may be at most 80 characters long." in response.text


def test_dialogue_create_with_k_below_2_answers_422_and_keeps_input(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(k_threshold="1"))

    assert response.status_code == 422
    assert "Choose 2 or more: a count of one person would point at them." in response.text
    assert 'value="WILLOW"' in response.text
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


def test_dialogue_create_with_overlong_code_name_answers_422(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(code_name="W" * 81))

    assert response.status_code == 422
    assert "Ensure this value has at most 80 characters (it has 81)." in response.text


def test_dialogue_create_with_negative_years_answers_422(outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid(agreement_years="-1"))

    assert response.status_code == 422
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


def test_dialogue_create_for_anonymous_redirects_to_login(cast, client_for):
    response = client_for(None).post(reverse("dialogue-create"), valid())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


@pytest.mark.parametrize("who", ["organizer", "other_member", "creator"])
def test_home_offers_new_dialogue_button_to_those_who_may_create(cast, client_for, creator, who):
    user = creator if who == "creator" else cast[who]

    response = client_for(user).get(reverse("home"))

    assert f'href="{reverse("dialogue-create")}"' in response.text


@pytest.mark.parametrize("who", ["facilitator", "participant", "funder", "observer", "outsider"])
def test_home_hides_new_dialogue_button_from_others(cast, client_for, who):
    response = client_for(cast[who]).get(reverse("home"))

    assert response.status_code == 200
    assert reverse("dialogue-create") not in response.text


@pytest.mark.parametrize("who", ["facilitator", "participant", "funder", "observer", "outsider"])
def test_dialogue_create_by_member_not_allowed_to_create_is_403_and_creates_nothing(
    cast, client_for, who
):
    client = client_for(cast[who])

    page = client.get(reverse("dialogue-create"))
    post = client.post(reverse("dialogue-create"), valid())

    assert (page.status_code, post.status_code) == (403, 403)
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


def test_dialogue_create_in_organization_of_which_user_is_no_creator_is_refused(
    cast, client_for, creator
):
    response = client_for(creator).post(
        reverse("dialogue-create"), valid(organization=cast.other_organization.pk)
    )

    assert response.status_code == 422
    assert "Choose one of the listed organizations." in response.text
    assert not Dialogue.objects.filter(code_name="WILLOW").exists()


def test_dialogue_create_with_code_name_of_another_organization_is_accepted(
    cast, client_for, creator
):
    # A refusal would tell this organization that another one uses the code name.
    response = client_for(creator).post(
        reverse("dialogue-create"), valid(code_name="OTHER-DIALOGUE-CODENAME")
    )

    assert response.status_code == 302
    assert Dialogue.objects.filter(code_name="OTHER-DIALOGUE-CODENAME").count() == 2
