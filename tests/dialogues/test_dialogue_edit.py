"""A dialogue's settings: organizers only."""

import pytest
from django.urls import reverse

from dialogues.models import Dialogue
from tests.factories import DialogueFactory


def settings_data(dialogue, **overrides):
    data = {
        "code_name": dialogue.code_name,
        "title": dialogue.title,
        "description": dialogue.description,
        "context": dialogue.context,
        "status": dialogue.status,
        "track": dialogue.track,
        "agreement_rule": dialogue.agreement_rule,
        "agreement_records_access": dialogue.agreement_records_access,
        "agreement_years": dialogue.agreement_years or "",
        "default_level": dialogue.default_level,
        "k_threshold": dialogue.k_threshold,
    }
    data.update(overrides)
    return data


def edit_url(dialogue):
    return reverse("dialogues:edit", args=[dialogue.pk])


def test_dialogue_edit_by_organizer_saves_settings(cast, client_for):
    client = client_for(cast["organizer"])

    response = client.post(
        edit_url(cast.dialogue),
        settings_data(cast.dialogue, context="New context", k_threshold="10", status="active"),
    )

    cast.dialogue.refresh_from_db()
    assert response.status_code == 302
    assert (cast.dialogue.context, cast.dialogue.k_threshold, cast.dialogue.status) == (
        "New context",
        10,
        "active",
    )


def test_dialogue_edit_page_for_organizer_shows_current_values(cast, client_for):
    cast.dialogue.agreement_records_access = "No recordings, ever."
    cast.dialogue.save()

    response = client_for(cast["organizer"]).get(edit_url(cast.dialogue))

    assert response.status_code == 200
    assert "No recordings, ever." in response.text


@pytest.mark.parametrize("who", ["facilitator", "participant", "observer", "funder"])
def test_dialogue_edit_for_other_roles_returns_403(who, cast, client_for):
    response = client_for(cast[who]).get(edit_url(cast.dialogue))

    assert response.status_code == 403


def test_dialogue_edit_post_by_facilitator_changes_nothing(cast, client_for):
    response = client_for(cast["facilitator"]).post(
        edit_url(cast.dialogue), settings_data(cast.dialogue, context="Hijacked")
    )

    cast.dialogue.refresh_from_db()
    assert response.status_code == 403
    assert cast.dialogue.context == ""


def test_dialogue_edit_for_non_member_returns_404(cast, client_for):
    response = client_for(cast["other_member"]).get(edit_url(cast.dialogue))

    assert response.status_code == 404


def test_dialogue_edit_with_code_name_taken_in_organization_answers_422_and_keeps_header(
    cast, client_for
):
    DialogueFactory(code_name="SECOND-OF-THE-ORGANIZATION", organization=cast.organization)

    response = client_for(cast["organizer"]).post(
        edit_url(cast.dialogue),
        settings_data(cast.dialogue, code_name="second-of-the-organization", context="Kept"),
    )

    assert response.status_code == 422
    assert "This code name is not available. Choose another one." in response.text
    assert "<title>Settings · JUNIPER · trackii</title>" in response.text
    assert "Kept</textarea>" in response.text
    assert Dialogue.objects.get(pk=cast.dialogue.pk).code_name == "JUNIPER"


def test_dialogue_edit_with_code_name_of_another_organization_is_saved(cast, client_for):
    # A refusal would tell JUNIPER's organizers that another organization uses it.
    response = client_for(cast["organizer"]).post(
        edit_url(cast.dialogue),
        settings_data(cast.dialogue, code_name="OTHER-DIALOGUE-CODENAME"),
    )

    assert response.status_code == 302
    assert Dialogue.objects.get(pk=cast.dialogue.pk).code_name == "OTHER-DIALOGUE-CODENAME"


def test_dialogue_edit_with_k_below_2_answers_422(cast, client_for):
    response = client_for(cast["organizer"]).post(
        edit_url(cast.dialogue), settings_data(cast.dialogue, k_threshold="1")
    )

    cast.dialogue.refresh_from_db()
    assert response.status_code == 422
    assert "Choose 2 or more" in response.text
    assert cast.dialogue.k_threshold == 5


def test_dialogue_edit_keeping_own_code_name_is_accepted(cast, client_for):
    response = client_for(cast["organizer"]).post(
        edit_url(cast.dialogue), settings_data(cast.dialogue, title="Renamed title")
    )

    cast.dialogue.refresh_from_db()
    assert response.status_code == 302
    assert cast.dialogue.title == "Renamed title"
