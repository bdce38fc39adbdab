from django.core.management.base import BaseCommand

from trackii.privacy.crypto import generate_key


class Command(BaseCommand):
    help = (
        "Print a new key for FIELD_ENCRYPTION_KEYS. Put it first; keep the old keys until rotation."
    )

    def handle(self, *args, **options):
        self.stdout.write(generate_key())
