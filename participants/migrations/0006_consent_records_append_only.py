"""Consent records become append-only in the database: triggers refuse UPDATE and DELETE
(see participants/services/consent_guard.py for the one allowed delete path)."""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION participants_consentrecord_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('trackii.consent_purge', true) = 'on' THEN
            RETURN OLD;
        END IF;
    ELSIF NEW.invitation_id IS NULL
        AND (to_jsonb(NEW) - 'invitation_id') = (to_jsonb(OLD) - 'invitation_id') THEN
        -- ON DELETE SET NULL of the invitation: the consent itself is unchanged.
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'consent records are append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER participants_consentrecord_append_only
    BEFORE UPDATE OR DELETE ON participants_consentrecord
    FOR EACH ROW EXECUTE FUNCTION participants_consentrecord_append_only();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS participants_consentrecord_append_only ON participants_consentrecord;
DROP FUNCTION IF EXISTS participants_consentrecord_append_only();
"""

# SQLite drops a table's triggers when a later migration remakes the table (AlterField):
# tests/privacy/test_consent_append_only.py fails then, and the triggers must be re-added.
SQLITE = [
    "CREATE TABLE IF NOT EXISTS trackii_consent_purge (allowed integer NOT NULL)",
    """CREATE TRIGGER participants_consentrecord_no_update
    BEFORE UPDATE ON participants_consentrecord
    WHEN NOT (
        NEW.invitation_id IS NULL
        AND NEW.id = OLD.id
        AND NEW.participant_id = OLD.participant_id
        AND NEW.given = OLD.given
        AND NEW.via = OLD.via
        AND NEW.agreement_digest = OLD.agreement_digest
        AND NEW.created_at = OLD.created_at
    )
    BEGIN SELECT RAISE(ABORT, 'consent records are append-only (UPDATE refused)'); END""",
    """CREATE TRIGGER participants_consentrecord_no_delete
    BEFORE DELETE ON participants_consentrecord
    WHEN NOT EXISTS (SELECT 1 FROM trackii_consent_purge)
    BEGIN SELECT RAISE(ABORT, 'consent records are append-only (DELETE refused)'); END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS participants_consentrecord_no_update",
    "DROP TRIGGER IF EXISTS participants_consentrecord_no_delete",
    "DROP TABLE IF EXISTS trackii_consent_purge",
]


def _run(schema_editor, *, postgresql, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, params=None)
    else:
        raise NotImplementedError(f"no append-only triggers for {vendor}")


def add_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=POSTGRESQL, sqlite=SQLITE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=POSTGRESQL_REVERSE, sqlite=SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0005_order_by_side_not_its_encrypted_name"),
    ]

    operations = [
        migrations.RunPython(add_triggers, drop_triggers, elidable=False),
    ]
