"""The free text of the facilitation app is stored encrypted: the raw columns hold only
ciphertext, the app reads it back as typed, and the migration encrypted old plain rows."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from facilitation import after, entries
from facilitation.models import Note, Option, Outcome, Reflection, Transfer, TrustStep
from trackii.privacy import crypto
from trackii.privacy.levels import Level

CANARY = "CANARY-F2-ATREST"


def raw(table, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 -- fixed names in tests
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def written(console_world):
    w = console_world
    actor = w["facilitator"]
    for kind in ["note", "step", "option"]:
        entries.entry_create(
            actor=actor,
            session=w.session,
            kind=kind,
            text=f"{CANARY} {kind}",
            level=Level.TEAM,
            client_key=uuid.uuid4(),
        )
    after.transfer_save(
        actor=actor,
        dialogue=w.dialogue,
        data={
            "insight": f"{CANARY} insight",
            "transferred_on": "2026-05-04",
            "channel": "paper",
            "recipient_kind": "other",
            "recipient_name": f"{CANARY} name",
            "response": f"{CANARY} response",
            "level": Level.RESTRICTED,
        },
    )
    after.outcome_save(
        actor=actor,
        dialogue=w.dialogue,
        data={
            "who_kind": "person",
            "what_changed": f"{CANARY} what",
            "evidence": f"{CANARY} evidence",
            "observed_on": "2026-05-04",
            "level": Level.TEAM,
        },
    )
    after.reflection_save(actor=actor, round_=w.session.round, data={"risks": f"{CANARY} risk"})
    return w


COLUMNS = [
    ("facilitation_note", "text"),
    ("facilitation_truststep", "observed"),
    ("facilitation_option", "title"),
    ("facilitation_transfer", "insight"),
    ("facilitation_transfer", "recipient_name"),
    ("facilitation_transfer", "response"),
    ("facilitation_outcome", "what_changed"),
    ("facilitation_outcome", "evidence"),
    ("facilitation_reflection", "risks"),
]


@pytest.mark.parametrize(("table", "column"), COLUMNS)
def test_raw_column_holds_only_ciphertext(written, table, column):
    values = raw(table, column)

    assert values
    assert [v for v in values if CANARY in v or not v.startswith(crypto.PREFIX)] == []


def test_the_app_reads_back_what_was_typed(written):
    read = [
        Note.objects.get().text,
        TrustStep.objects.get().observed,
        Option.objects.get().title,
        Transfer.objects.get().recipient_name,
        Outcome.objects.get().what_changed,
        Reflection.objects.get().risks,
    ]

    assert read == [
        f"{CANARY} note",
        f"{CANARY} step",
        f"{CANARY} option",
        f"{CANARY} name",
        f"{CANARY} what",
        f"{CANARY} risk",
    ]


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_plain_rows_left_from_before(console_world):
    w = console_world
    executor = MigrationExecutor(connection)
    executor.migrate(
        [("facilitation", "0002_option_optionevent_optionlineage_optionstance_and_more")]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO facilitation_note (dialogue_id, level, created_at, updated_at,"
            " session_id, text, speaker, tags, version, session_rev)"
            " VALUES (%s, 'team', %s, %s, %s, 'PLAIN-OLD-NOTE', 'Mr Old', '', 1, 0)",
            [w.dialogue.pk, "2026-01-01 00:00:00", "2026-01-01 00:00:00", w.session.pk],
        )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    stored = raw("facilitation_note", "text") + raw("facilitation_note", "speaker")
    assert [v.startswith(crypto.PREFIX) for v in stored] == [True, True]
    assert list(Note.objects.values_list("text", "speaker")) == [("PLAIN-OLD-NOTE", "Mr Old")]
