"""The agreement (and the invitation text) in several languages, each change a new version:
the dialogue's one agreement text becomes version 1 of its reference language (English for
every existing dialogue), and the column goes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import trackii.i18n
import trackii.privacy.fields


def agreement_text_to_version_1(apps, schema_editor):
    Dialogue = apps.get_model("dialogues", "Dialogue")
    ParticipantText = apps.get_model("dialogues", "ParticipantText")
    versions = [
        ParticipantText(
            dialogue_id=dialogue.pk,
            kind="agreement",
            language=dialogue.reference_language,
            version=1,
            text=dialogue.agreement_text,
        )
        for dialogue in Dialogue.objects.only("reference_language", "agreement_text").iterator()
        if dialogue.agreement_text
    ]
    ParticipantText.objects.bulk_create(versions, batch_size=500)


def version_1_to_agreement_text(apps, schema_editor):
    Dialogue = apps.get_model("dialogues", "Dialogue")
    ParticipantText = apps.get_model("dialogues", "ParticipantText")
    for dialogue in Dialogue.objects.all().iterator():
        newest = (
            ParticipantText.objects.filter(
                dialogue_id=dialogue.pk, kind="agreement", language=dialogue.reference_language
            )
            .order_by("-version")
            .first()
        )
        if newest is not None:
            dialogue.agreement_text = newest.text
            dialogue.save(update_fields=["agreement_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0006_strip_bidi_controls"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dialogue",
            name="reference_language",
            field=models.CharField(
                choices=trackii.i18n.participant_languages,
                default="en",
                help_text="Participants whose language has no version of a text read the version in this language, with a note that it is not available in theirs.",
                max_length=8,
                verbose_name="reference language",
            ),
        ),
        migrations.CreateModel(
            name="ParticipantText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("agreement", "Confidentiality agreement"),
                            ("invitation", "Invitation text"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "language",
                    models.CharField(choices=trackii.i18n.participant_languages, max_length=8),
                ),
                ("version", models.PositiveIntegerField()),
                (
                    "text",
                    trackii.privacy.fields.EncryptedTextField(blank=True, max_length=10000),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participant_texts",
                        to="dialogues.dialogue",
                    ),
                ),
            ],
            options={
                "ordering": ["kind", "language", "-version"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dialogue", "kind", "language", "version"),
                        name="one_participant_text_per_version",
                    )
                ],
            },
        ),
        migrations.RunPython(agreement_text_to_version_1, version_1_to_agreement_text),
        migrations.RemoveField(model_name="dialogue", name="agreement_text"),
    ]
