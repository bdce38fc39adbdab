"""Every dialogue and every funder belongs to an organization; funder links are per dialogue.

Existing data moves into one organization. Who organized a dialogue could create
dialogues before, so organizers become its administrators; facilitators its members.
A link between a funder and an account becomes one FunderContact per dialogue where
the funder has funding and the account holds the funder role: exactly what it could
read before, now recorded where it applies.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def into_one_organization(apps, schema_editor):
    Dialogue = apps.get_model("dialogues", "Dialogue")
    Funder = apps.get_model("dialogues", "Funder")
    Funding = apps.get_model("dialogues", "Funding")
    FunderContact = apps.get_model("dialogues", "FunderContact")
    Membership = apps.get_model("privacy", "Membership")
    Organization = apps.get_model("organizations", "Organization")
    OrganizationMembership = apps.get_model("organizations", "OrganizationMembership")
    if not Dialogue.objects.exists() and not Funder.objects.exists():
        return
    org = Organization.objects.create(name="Organization")
    Dialogue.objects.update(organization=org)
    Funder.objects.update(organization=org)
    roles = {}
    for user_id, role in Membership.objects.filter(
        role__in=["organizer", "facilitator"]
    ).values_list("user_id", "role"):
        if role == "organizer" or user_id not in roles:
            roles[user_id] = "admin" if role == "organizer" else "member"
    OrganizationMembership.objects.bulk_create(
        OrganizationMembership(org=org, user_id=user_id, role=role)
        for user_id, role in roles.items()
    )
    Link = Funder.users.through
    contacts = set()
    for funder_id, user_id in Link.objects.values_list("funder_id", "user_id"):
        funded = Funding.objects.filter(funder_id=funder_id).values("dialogue_id")
        for dialogue_id in Membership.objects.filter(
            user_id=user_id, role="funder", dialogue_id__in=funded
        ).values_list("dialogue_id", flat=True):
            contacts.add((dialogue_id, funder_id, user_id))
    FunderContact.objects.bulk_create(
        FunderContact(dialogue_id=d, funder_id=f, user_id=u) for d, f, u in sorted(contacts)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0002_retention_and_spending"),
        ("organizations", "0001_organizations"),
        ("privacy", "0005_organizations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dialogue",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dialogues",
                to="organizations.organization",
            ),
        ),
        migrations.AddField(
            model_name="funder",
            name="organization",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="funders",
                to="organizations.organization",
            ),
        ),
        migrations.CreateModel(
            name="FunderContact",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "dialogue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="funder_contacts",
                        to="dialogues.dialogue",
                    ),
                ),
                (
                    "funder",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contacts",
                        to="dialogues.funder",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="funder_contacts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("dialogue", "funder", "user"),
                        name="one_contact_per_funder_and_dialogue",
                    )
                ],
            },
        ),
        migrations.RunPython(into_one_organization, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="funder",
            name="users",
        ),
        migrations.AlterField(
            model_name="dialogue",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dialogues",
                to="organizations.organization",
            ),
        ),
        migrations.AlterField(
            model_name="funder",
            name="organization",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="funders",
                to="organizations.organization",
            ),
        ),
        migrations.AlterField(
            model_name="dialogue",
            name="code_name",
            field=models.CharField(
                help_text="Shown everywhere instead of the real title. Choose one that reveals nothing.",
                max_length=80,
                verbose_name="code name",
            ),
        ),
        migrations.AlterField(
            model_name="funder",
            name="name",
            field=models.CharField(max_length=160),
        ),
        migrations.AddConstraint(
            model_name="dialogue",
            constraint=models.UniqueConstraint(
                fields=("organization", "code_name"), name="unique_code_name_per_org"
            ),
        ),
        migrations.AddConstraint(
            model_name="funder",
            constraint=models.UniqueConstraint(
                fields=("organization", "name"), name="unique_funder_per_org"
            ),
        ),
    ]
