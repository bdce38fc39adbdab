"""Consent records are append-only in the database itself, not only in Python.

ConsentRecord.save() and .delete() refuse a second write, but a queryset's update() or
delete(), or raw SQL, goes around them. Migration participants 0006 adds triggers that
refuse, on PostgreSQL and SQLite alike:

- every UPDATE of participants_consentrecord, except the one the database makes itself
  when an invitation is deleted (ON DELETE SET NULL of `invitation`: retention and
  erasure delete invitations, the consent history stays);
- every DELETE, except inside ``with consent_purge_allowed():``.

Nothing in trackii deletes consent records today (retention and erasure keep them).
The one way to delete them, e.g. an operator removing a whole dialogue, is:

    with consent_purge_allowed():
        dialogue.delete()

It sets a flag for the current transaction only: on PostgreSQL the setting
``trackii.consent_purge`` (set_config(..., is_local=true)), on SQLite a row in the table
``trackii_consent_purge``, removed again before the transaction commits. A TRUNCATE
(PostgreSQL) is not refused: it is what test databases are emptied with.
"""

from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

#: The message both databases answer a refused write with.
REFUSED = "consent records are append-only"


def _set_flag(connection, on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('trackii.consent_purge', %s, true)", ["on" if on else "off"]
            )
        elif on:
            cursor.execute("INSERT INTO trackii_consent_purge (allowed) VALUES (1)")
        else:
            cursor.execute("DELETE FROM trackii_consent_purge")


@contextmanager
def consent_purge_allowed(using: str = DEFAULT_DB_ALIAS):
    """Allow deleting consent records within this block (its own transaction) only."""
    connection = connections[using]
    with transaction.atomic(using=using):
        _set_flag(connection, True)
        yield
        # Not in a `finally`: after an error the transaction is rolled back, flag included.
        _set_flag(connection, False)
