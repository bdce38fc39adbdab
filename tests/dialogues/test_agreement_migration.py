"""Existing data across the migration to agreement versions: a dialogue's agreement text
becomes version 1 of its reference language, and its consents keep their fingerprint and
get that language."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("dialogues", "0006_strip_bidi_controls"), ("participants", "0008_strip_bidi_controls")]
TEXT = "Nothing said in the room is attributed to anyone."


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_agreement_text_becomes_version_1_and_consents_keep_their_digest(cast):
    old = migrate(BEFORE)
    Dialogue = old.get_model("dialogues", "Dialogue")
    Dialogue.objects.filter(pk=cast.dialogue.pk).update(agreement_text=TEXT)
    side = old.get_model("dialogues", "Side").objects.create(dialogue_id=cast.dialogue.pk, name="N")
    person = old.get_model("participants", "Person").objects.create(name="Amira")
    participant = old.get_model("participants", "Participant").objects.create(
        dialogue_id=cast.dialogue.pk, level="team", person=person, side=side
    )
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    old.get_model("participants", "ConsentRecord").objects.create(
        participant=participant, given=True, via="link", agreement_digest=digest
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    new = migrate(executor.loader.graph.leaf_nodes())

    texts = new.get_model("dialogues", "ParticipantText").objects.filter(
        dialogue_id=cast.dialogue.pk
    )
    assert list(texts.values_list("kind", "language", "version", "text")) == [
        ("agreement", "en", 1, TEXT)
    ]
    record = new.get_model("participants", "ConsentRecord").objects.get()
    assert (record.agreement_language, record.agreement_version, record.agreement_digest) == (
        "en",
        None,
        digest,
    )
