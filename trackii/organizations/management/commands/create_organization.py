"""`manage.py create_organization "Name" admin@example.org`: the first step on a new
instance (docs/deployment.md). Prints a single-use link for the first administrator."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from trackii.organizations.services import invitation_link, organization_start


class Command(BaseCommand):
    help = (
        "Create an organization and print the link with which its first administrator "
        "sets up their account (or accepts with an existing one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="the organization's name (stored encrypted)")
        parser.add_argument("admin_email", help="the first administrator's e-mail address")

    def handle(self, *args, **options):
        try:
            organization, token = organization_start(
                name=options["name"], admin_email=options["admin_email"]
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        days = settings.ACCOUNT_INVITATION_DAYS
        self.stdout.write(f"Organization #{organization.pk} created.")
        self.stdout.write(
            f"Give this link to {options['admin_email'].strip()} over a channel you trust. "
            f"It works once, for {days} days; whoever opens it sets the administrator's "
            "password, so do not paste it anywhere others read:"
        )
        self.stdout.write(invitation_link(token))
