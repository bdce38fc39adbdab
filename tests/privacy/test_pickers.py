"""The pickers' searches find what the page may list, and nothing else (the canaries of
tests/privacy/cases_pickers.py). The URL matrix shows that nothing leaks; this shows that
the searches do find things, so that the matrix is not vacuous."""

import re

import pytest
from django.urls import reverse

HTMX = {"HTTP_HX_REQUEST": "true"}


def labels(html: str) -> list[str]:
    """The labels of the choices drawn, in order (select options or checkboxes)."""
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)
    boxes = re.findall(r'<input type="checkbox"[^>]*>\s*([^<]*)</label>', html)
    return [label.strip() for label in options + boxes]


def search(client, url, name):
    return client.get(url, {"picker": name, f"{name}_search": "CANARY"}, **HTMX)


def transfer_url(w):
    return reverse("facilitation:transfer-create", args=[w.dialogue.pk])


def editor_url(w):
    session, option = w.objects["console_session"], w.objects["console_option"]
    return reverse("facilitation:console-option-edit", args=[w.dialogue.pk, session.pk, option.pk])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("organizer", ["CANARY-CONSOLE-DIALOGUE-OPTION", "CANARY-CONSOLE-TEAM-OPTION"]),
        (
            "facilitator",
            [
                "CANARY-PICKER-RESTRICTED-OPTION",
                "CANARY-CONSOLE-DIALOGUE-OPTION",
                "CANARY-CONSOLE-TEAM-OPTION",
            ],
        ),
    ],
)
def test_transfer_option_search_finds_only_options_the_member_may_read(
    world, client_for, who, expected
):
    response = search(client_for(world.cast[who]), transfer_url(world), "option")

    assert sorted(labels(response.text)) == sorted(expected)


def test_option_editor_search_leaves_out_the_option_edited(world, client_for):
    response = search(client_for(world.cast["facilitator"]), editor_url(world), "derived_from")

    assert sorted(labels(response.text)) == [
        "CANARY-CONSOLE-DIALOGUE-OPTION",
        "CANARY-PICKER-RESTRICTED-OPTION",
    ]


def test_invitation_participant_search_names_the_protected_for_organizers(world, client_for):
    url = reverse("participants:invitation-create", args=[world.dialogue.pk])

    response = search(client_for(world.cast["organizer"]), url, "participant")

    assert sorted(labels(response.text)) == [
        "CANARY-PROTECTED-REAL-NAME · Northern Council",
        "CANARY-TEAM-LEVEL-PARTICIPANT · Northern Council",
    ]


def test_reuse_search_offers_only_people_of_dialogues_the_organizer_organizes(world, client_for):
    url = reverse("participants:create", args=[world.dialogue.pk])

    response = search(client_for(world.cast["organizer"]), url, "existing_person")

    assert labels(response.text) == ["CANARY-PICKER-REUSABLE-PERSON"]
