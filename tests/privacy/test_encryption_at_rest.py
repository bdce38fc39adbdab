"""Identity, contact and free-text fields are stored encrypted: a dump of the database
holds none of what people typed, while the app reads it back as typed."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

from participants.models import Participant
from participants.services.participants import participant_create, vetting_note_create
from tests.factories import SideFactory
from trackii.privacy.levels import Level

CANARIES = {
    "name": "CANARY-ATREST-NAME",
    "affiliation": "CANARY-ATREST-AFFILIATION",
    "email": "canary-atrest@example.org",
    "phone": "+41 CANARY 555",
    "rationale": "CANARY-ATREST-RATIONALE",
    "vetting": "CANARY-ATREST-VETTING",
}


def write_canaries(cast):
    side = SideFactory(dialogue=cast.dialogue)
    participant = participant_create(
        actor=cast["organizer"],
        dialogue=cast.dialogue,
        side=side,
        person_data={
            "name": CANARIES["name"],
            "affiliation": CANARIES["affiliation"],
            "email": CANARIES["email"],
            "phone": CANARIES["phone"],
        },
        rationale_influence=CANARIES["rationale"],
    )
    vetting_note_create(
        actor=cast["organizer"], participant=participant, text=CANARIES["vetting"], level=Level.TEAM
    )
    return participant


def all_stored_text() -> str:
    """Every value of every table, read raw with SQL (what a stolen database file holds)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 -- table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_the_app_reads_back_what_was_typed(cast):
    participant = write_canaries(cast)

    stored = Participant.objects.select_related("person").get(pk=participant.pk)

    assert (stored.person.name, stored.person.email, stored.rationale_influence) == (
        CANARIES["name"],
        CANARIES["email"],
        CANARIES["rationale"],
    )
    assert stored.vetting_notes.get().text == CANARIES["vetting"]


def test_raw_database_holds_no_canary(cast):
    write_canaries(cast)

    raw = all_stored_text()

    assert [c for c in CANARIES.values() if c in raw] == []


@pytest.mark.django_db(transaction=True)
def test_pg_dump_holds_no_canary(cast):
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI runs on PostgreSQL; DATABASE_URL is not a PostgreSQL URL")
        pytest.skip("needs PostgreSQL (DATABASE_URL); CI sets it")
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed (PostgreSQL client tools)"
    write_canaries(cast)
    db = connection.settings_dict

    dump = subprocess.run(  # noqa: S603 -- a fixed argv, no shell
        [
            pg_dump,
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"] or "postgres",
            "--data-only",
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""},
    ).stdout

    assert [c for c in CANARIES.values() if c in dump] == []
    assert "enc1:" in dump  # the rows are there, as ciphertext
