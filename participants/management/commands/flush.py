"""Django's `flush`, allowed to empty the append-only consent records.

The consent triggers (participants/services/consent_guard.py) refuse every DELETE of a
consent record. Emptying the whole database (`manage.py flush`, and the test runner
between transactional and browser tests, which calls this command) is the one other
legitimate way to remove them, so it runs inside `consent_purge_allowed()`. On
PostgreSQL flush truncates, which the triggers leave alone; on SQLite it deletes row by
row, which they would refuse.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from participants.services.consent_guard import consent_purge_allowed


class Command(DjangoFlush):
    def handle(self, **options):
        with consent_purge_allowed(using=options["database"]):
            return super().handle(**options)
