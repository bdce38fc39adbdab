"""Every text field of trackii's own models is encrypted at rest unless the one
allow-list (trackii/privacy/at_rest_allowlist.py) names it with a reason: a field added
in clear fails here, and so does an allow-list entry that names no field."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from trackii.privacy.at_rest_allowlist import ALLOWED_IN_CLEAR
from trackii.privacy.encrypted import project_models, text_fields_in_clear


def test_every_text_field_in_clear_is_on_the_allow_list():
    in_clear = text_fields_in_clear()

    assert [name for name in in_clear if name not in ALLOWED_IN_CLEAR] == []


def test_every_allow_list_entry_names_an_existing_field_in_clear():
    def exists(label: str) -> bool:
        app_label, model_name, field_name = label.split(".")
        try:
            apps.get_model(app_label, model_name)._meta.get_field(field_name)
        except (LookupError, FieldDoesNotExist):
            return False
        return True

    in_clear = set(text_fields_in_clear())

    assert [label for label in ALLOWED_IN_CLEAR if not exists(label)] == []
    assert [label for label in ALLOWED_IN_CLEAR if label not in in_clear] == []


def test_every_allow_list_entry_gives_a_reason():
    assert [label for label, reason in ALLOWED_IN_CLEAR.items() if not reason.strip()] == []


def test_the_walk_covers_every_app_of_the_project():
    labels = {model._meta.app_label for model in project_models()}

    assert {
        "dialogues",
        "participants",
        "facilitation",
        "reports",
        "accounts",
        "privacy",
        "organizations",
        "passkeys",
        "outbox",
    } <= labels
