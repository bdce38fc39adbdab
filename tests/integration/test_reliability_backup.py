"""A backup restores: the test database is dumped with pg_dump, restored with pg_restore into
an empty new database, and a note read back from it, decrypted with the same
FIELD_ENCRYPTION_KEYS (docs/operations.md). Without those keys the restored note cannot be
read: the dump alone holds no confidential text.

Needs PostgreSQL and its pg_dump/pg_restore (skipped on a workstation without them, failed in
CI). The restored database is dropped afterwards.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from facilitation import entries
from facilitation.models import Note
from tests.conftest import service_missing
from tests.integration.reliability import (
    connection_kwargs,
    postgres_bindir,
    require_postgresql,
    side_connection,
)
from trackii.privacy.crypto import DecryptionError
from trackii.privacy.levels import Level

TOOL_TIMEOUT = 60  # seconds for pg_dump or pg_restore


def _tool(name: str) -> str:
    bindir = postgres_bindir()
    path = str(bindir / name) if bindir and (bindir / name).exists() else shutil.which(name)
    if path is None:
        service_missing(f"needs PostgreSQL's {name}; CI installs it")
    return path


def _server_args(kwargs: dict) -> list[str]:
    args = []
    for flag, key in (("-h", "host"), ("-p", "port"), ("-U", "user")):
        if kwargs.get(key):
            args += [flag, str(kwargs[key])]
    return args


def _run(command: list[str]) -> None:
    kwargs = connection_kwargs()
    env = {**os.environ, **({"PGPASSWORD": kwargs["password"]} if "password" in kwargs else {})}
    result = subprocess.run(  # noqa: S603 -- fixed command lines, no shell
        command, capture_output=True, text=True, timeout=TOOL_TIMEOUT, env=env, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"{command[0]} failed:\n{result.stderr[-3000:]}", pytrace=False)


@pytest.fixture
def restored_name(transactional_db):
    require_postgresql()
    name = f"{connection_kwargs()['dbname']}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    with side_connection() as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dump_and_restore(dump: Path, restored: str) -> None:
    source = connection_kwargs()
    _run([_tool("pg_dump"), "--format=custom", "--file", str(dump), *_server_args(source),
          source["dbname"]])  # fmt: skip
    with side_connection() as admin:
        admin.autocommit = True
        admin.execute(f'CREATE DATABASE "{restored}"')
    _run([_tool("pg_restore"), "--no-owner", "--exit-on-error", *_server_args(source),
          "--dbname", restored, str(dump)])  # fmt: skip


def _stored_note_text(restored: str, pk: int) -> str:
    with side_connection(restored) as conn:
        return conn.execute(
            f"SELECT text FROM {Note._meta.db_table} WHERE id = %s",  # noqa: S608 -- a table name
            (pk,),
        ).fetchone()[0]


def _read_note_text(stored: str) -> str:
    """What trackii shows for the stored value: the model field's own decryption."""
    return Note._meta.get_field("text").from_db_value(stored, None, None)


def test_backup_restored_into_an_empty_database_gives_the_note_back_with_the_keys(
    restored_name, console_world, tmp_path
):
    w = console_world
    note, _ = entries.entry_create(
        actor=w["facilitator"],
        session=w.session,
        kind="note",
        text="The north would accept joint patrols",
        level=Level.TEAM,
        client_key=uuid.uuid4(),
    )

    _dump_and_restore(tmp_path / "trackii.dump", restored_name)
    stored = _stored_note_text(restored_name, note.pk)

    assert "joint patrols" not in stored  # the dump holds ciphertext only
    assert _read_note_text(stored) == "The north would accept joint patrols"


def test_backup_restored_without_the_encryption_keys_cannot_be_read(
    restored_name, console_world, tmp_path, settings
):
    w = console_world
    note, _ = entries.entry_create(
        actor=w["facilitator"],
        session=w.session,
        kind="note",
        text="The north would accept joint patrols",
        level=Level.TEAM,
        client_key=uuid.uuid4(),
    )
    _dump_and_restore(tmp_path / "trackii.dump", restored_name)
    stored = _stored_note_text(restored_name, note.pk)

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # a new, different key

    with pytest.raises(DecryptionError):
        _read_note_text(stored)
