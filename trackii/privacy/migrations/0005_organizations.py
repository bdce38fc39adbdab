import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_organizations"),
        ("privacy", "0004_email_confirmation_and_passkey_actions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organizations.organization",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("login", "Logged in"),
                    ("login_failed", "Failed login"),
                    ("locked_out", "Locked out after failed logins"),
                    ("logout", "Logged out"),
                    ("member_added", "Member added"),
                    ("member_role_changed", "Member's role changed"),
                    ("member_removed", "Member removed"),
                    ("grant_added", "Restricted item granted"),
                    ("grant_revoked", "Restricted item grant revoked"),
                    ("restricted_read", "Restricted item read"),
                    ("export", "Export"),
                    ("password_changed", "Password changed"),
                    ("email_change_requested", "E-mail change asked for"),
                    ("email_changed", "E-mail address changed"),
                    ("second_factor_enabled", "Second factor turned on"),
                    ("second_factor_reset", "Second factor reset"),
                    ("recovery_code_used", "Recovery code used"),
                    ("passkey_added", "Passkey added"),
                    ("passkey_removed", "Passkey removed"),
                    ("sessions_ended", "Other sessions ended"),
                    ("user_disabled", "Account disabled"),
                    ("reading_link_created", "Anonymous reading link created"),
                    ("report_published", "Report published"),
                    ("report_downloaded", "Report downloaded"),
                    ("retention_purged", "Records past retention purged"),
                    ("person_exported", "Everything about a person exported"),
                    ("person_erased", "Person erased"),
                    ("funder_added", "Funder added to the directory"),
                    ("funder_linked", "Account linked to a funder"),
                    ("funder_unlinked", "Account unlinked from a funder"),
                    ("invitation_sent", "Invitation to an account sent"),
                    ("invitation_revoked", "Invitation to an account revoked"),
                    ("invitation_accepted", "Invitation to an account accepted"),
                    ("org_member_added", "Organization member added"),
                    ("org_member_role_changed", "Organization role changed"),
                    ("org_member_removed", "Organization member removed"),
                ],
                max_length=40,
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                fields=["organization", "-created_at"], name="privacy_aud_organiz_74f5f0_idx"
            ),
        ),
    ]
