"""What a stolen database holds: every table read raw with SQL, and what `pg_dump` prints.
Shared by the encryption-at-rest test and the canary test of every free-text field."""

import os
import shutil
import subprocess

import pytest
from django.db import connection


def all_stored_text() -> str:
    """Every value of every table, read raw with SQL (what a stolen database file holds)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 -- table names from introspection
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def pg_dump_data() -> str:
    """What `pg_dump --data-only` prints for the test database. Needs PostgreSQL: a failure
    in CI (which runs on it), a skip on a developer's SQLite."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI runs on PostgreSQL; DATABASE_URL is not a PostgreSQL URL")
        pytest.skip("needs PostgreSQL (DATABASE_URL); CI sets it")
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed (PostgreSQL client tools)"
    db = connection.settings_dict
    return subprocess.run(  # noqa: S603 -- a fixed argv, no shell
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
