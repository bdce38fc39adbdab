"""Rotating FIELD_ENCRYPTION_KEYS: data written under the old key is re-encrypted by
the management command, after which the old key can be dropped."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from participants.models import Person
from trackii.privacy import crypto
from trackii.privacy.crypto import DecryptionError

OLD = crypto.generate_key()
NEW = crypto.generate_key()


def test_rotation_command_moves_old_data_to_the_new_key(db):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        person = Person.objects.create(name="CANARY-ROTATE-NAME", email="rotate@example.org")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        out = io.StringIO()
        call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        stored = Person.objects.get(pk=person.pk)
    assert (stored.name, stored.email) == ("CANARY-ROTATE-NAME", "rotate@example.org")
    assert "participants.person: 1 rows re-encrypted" in out.getvalue()


def test_without_rotation_dropping_the_old_key_fails_loudly(db):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        person = Person.objects.create(name="CANARY-ROTATE-NAME")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk)


def test_rotation_resumes_after_a_given_row(db):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        first = Person.objects.create(name="first")
        second = Person.objects.create(name="second")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command(
            "rotate_encryption_keys",
            "--model",
            "participants.person",
            "--start-after",
            str(first.pk),
            stdout=io.StringIO(),
        )

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert Person.objects.get(pk=second.pk).name == "second"
        with pytest.raises(DecryptionError):
            Person.objects.get(pk=first.pk)


def test_system_check_reports_data_no_key_opens(db):
    from django.core.management import CommandError

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        Person.objects.create(name="locked away")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), pytest.raises(CommandError, match="E002"):
        call_command("check", "--database", "default", stdout=io.StringIO(), stderr=io.StringIO())


def test_rotation_covers_dialogue_text_and_theory_of_change_revisions(db):
    from dialogues.models import ChangeStatement, ChangeStatementRevision, Dialogue
    from tests.factories import DialogueFactory

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        dialogue = DialogueFactory(title="CANARY-ROTATE-TITLE")
        statement = ChangeStatement.objects.create(
            dialogue=dialogue, if_text="if", then_text="then", because_text="because"
        )
        revision = ChangeStatementRevision.objects.create(
            statement=statement, content={"if_text": "CANARY-ROTATE-REVISION"}
        )

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate_encryption_keys", stdout=io.StringIO())

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert Dialogue.objects.get(pk=dialogue.pk).title == "CANARY-ROTATE-TITLE"
        assert ChangeStatementRevision.objects.get(pk=revision.pk).content == {
            "if_text": "CANARY-ROTATE-REVISION"
        }
