import django.db.models.deletion
import trackii.privacy.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_organizations"),
        ("dialogues", "0003_organizations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountInvitation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "email",
                    trackii.privacy.fields.EncryptedEmailField(
                        max_length=254, verbose_name="e-mail"
                    ),
                ),
                (
                    "dialogue_role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("organizer", "Organizer"),
                            ("facilitator", "Facilitator"),
                            ("participant", "Participant"),
                            ("funder", "Funder"),
                            ("observer", "Observer"),
                        ],
                        max_length=20,
                        verbose_name="role in the dialogue",
                    ),
                ),
                (
                    "org_role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("member", "Member"),
                            ("creator", "Member who may create dialogues"),
                            ("admin", "Administrator"),
                        ],
                        max_length=10,
                        verbose_name="organization role",
                    ),
                ),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
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
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="account_invitations",
                        to="dialogues.dialogue",
                    ),
                ),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitations",
                        to="organizations.organization",
                    ),
                ),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
    ]
