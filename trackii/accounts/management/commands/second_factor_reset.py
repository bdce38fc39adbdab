"""For operators: turn off the second factor of someone who lost both their phone and their
recovery codes. Their sessions end; at the next login an organizer or facilitator sets up
a new one."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from trackii.accounts import services


class Command(BaseCommand):
    help = "Remove the second factor of the account with this e-mail address and end its sessions."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError("No account uses this address.")
        services.second_factor_reset(user=user)
        self.stdout.write(
            "Second factor removed and sessions ended. At the next login they set up a new one "
            "if they are an organizer or facilitator."
        )
