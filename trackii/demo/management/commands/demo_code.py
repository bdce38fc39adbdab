"""Print the current second-factor code of a demo account, so the demo can be tried
without an authenticator app. Refuses any account outside the demo's domain."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from trackii.demo.management.commands.seed_demo import DOMAIN, MANAGE


class Command(BaseCommand):
    help = "Print the current authenticator code of a demo login (organizer, facilitator, ...)."

    def add_arguments(self, parser):
        parser.add_argument("login", help="e.g. organizer, or organizer@demo.trackii.test")

    def handle(self, *args, login, **options):
        email = login if "@" in login else f"{login}@{DOMAIN}"
        if not email.endswith(f"@{DOMAIN}"):
            raise CommandError("Only demo accounts have a published code.")
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            raise CommandError(
                f"There is no account {email}: load the demo first (`make run`, or "
                f"`{MANAGE} seed_demo`)."
            )
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{email} logs in with the password alone: only organizers and facilitators "
                "have a second factor."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
