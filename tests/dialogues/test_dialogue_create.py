"""Creating a dialogue: any logged-in user, who becomes its organizer."""

import pytest
from django.urls import reverse

from dialogues.models import Dialogue, Side
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
        "agreement_text": "",
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
def outsider_client(cast, client_for):
    return client_for(cast["outsider"])


def test_dialogue_create_page_checks_third_party_side_by_default(outsider_client):
    response = outsider_client.get(reverse("dialogue-create"))

    assert response.status_code == 200
    assert 'name="add_third_party" id="id_add_third_party" checked' in response.text


def test_dialogue_create_by_user_without_dialogue_makes_them_organizer(cast, outsider_client):
    response = outsider_client.post(reverse("dialogue-create"), valid())

    dialogue = Dialogue.objects.get(code_name="WILLOW")
    assert response.status_code == 302
    assert response.url == reverse("dialogues:detail", args=[dialogue.pk])
    assert list(Membership.objects.filter(dialogue=dialogue).values_list("user", "role")) == [
        (cast["outsider"].pk, "organizer")
    ]


def test_dialogue_create_writes_member_added_audit_event(cast, outsider_client):
    outsider_client.post(reverse("dialogue-create"), valid())

    dialogue = Dialogue.objects.get(code_name="WILLOW")
    event = AuditEvent.objects.get(dialogue=dialogue)
    assert (event.action, event.actor, event.detail["role"]) == (
        AuditEvent.Action.MEMBER_ADDED,
        cast["outsider"],
        "organizer",
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
    assert not Dialogue.objects.filter(title="Typed real title").exists()


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


def test_home_offers_new_dialogue_button(cast, client_for):
    response = client_for(cast["participant"]).get(reverse("home"))

    assert f'href="{reverse("dialogue-create")}"' in response.text
