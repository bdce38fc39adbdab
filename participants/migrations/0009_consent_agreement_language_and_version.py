"""A consent names the language and the version of the agreement it was given to.

Existing consents were given to the one agreement text every dialogue had, which became
version 1 of the reference language (English for every existing dialogue:
dialogues.0007): they get that language and keep their digest; their version stays empty,
since a consent may have been given to a text from before versions were kept.

Adding a column with a default makes SQLite remake the table, which drops its append-only
triggers (0006): they are made again here, now guarding the new columns too. PostgreSQL's
trigger compares whole rows and fires on UPDATE only, which ADD COLUMN is not.
"""

from django.db import migrations, models

import trackii.i18n

SQLITE_NO_UPDATE = """CREATE TRIGGER participants_consentrecord_no_update
    BEFORE UPDATE ON participants_consentrecord
    WHEN NOT (
        NEW.invitation_id IS NULL
        AND NEW.id = OLD.id
        AND NEW.participant_id = OLD.participant_id
        AND NEW.given = OLD.given
        AND NEW.via = OLD.via
        AND NEW.agreement_digest = OLD.agreement_digest
        AND NEW.agreement_language = OLD.agreement_language
        AND NEW.agreement_version IS OLD.agreement_version
        AND NEW.created_at = OLD.created_at
    )
    BEGIN SELECT RAISE(ABORT, 'consent records are append-only (UPDATE refused)'); END"""

SQLITE_NO_DELETE = """CREATE TRIGGER participants_consentrecord_no_delete
    BEFORE DELETE ON participants_consentrecord
    WHEN NOT EXISTS (SELECT 1 FROM trackii_consent_purge)
    BEGIN SELECT RAISE(ABORT, 'consent records are append-only (DELETE refused)'); END"""

DROP = [
    "DROP TRIGGER IF EXISTS participants_consentrecord_no_update",
    "DROP TRIGGER IF EXISTS participants_consentrecord_no_delete",
]


#: Going back: 0006's trigger, which names no column that is about to go.
SQLITE_NO_UPDATE_BEFORE = SQLITE_NO_UPDATE.replace(
    """        AND NEW.agreement_language = OLD.agreement_language
        AND NEW.agreement_version IS OLD.agreement_version
""",
    "",
)


def _sqlite(schema_editor, no_update):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*DROP, no_update, SQLITE_NO_DELETE]:
        schema_editor.execute(statement, params=None)


def sqlite_triggers_again(apps, schema_editor):
    _sqlite(schema_editor, SQLITE_NO_UPDATE)


def sqlite_triggers_as_before(apps, schema_editor):
    _sqlite(schema_editor, SQLITE_NO_UPDATE_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_strip_bidi_controls"),
        ("dialogues", "0007_agreement_texts_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="agreement_language",
            field=models.CharField(
                choices=trackii.i18n.participant_languages, default="en", max_length=8
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="agreement_version",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(sqlite_triggers_again, sqlite_triggers_as_before, elidable=False),
    ]
