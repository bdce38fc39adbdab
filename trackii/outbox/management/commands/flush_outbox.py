"""``manage.py flush_outbox``: send the work that waited while the broker was down.

Beat does this every minute; an operator runs it after bringing Redis back to not wait.
Exits with status 1 when messages are still pending (the broker still refuses them).
"""

from django.core.management.base import BaseCommand, CommandError

from trackii.outbox.services import outbox_flush


class Command(BaseCommand):
    help = "Send the pending outbox messages (tasks that could not reach the broker)."

    def handle(self, *args, **options):
        result = outbox_flush()
        self.stdout.write(f"Sent {result['sent']}; {result['pending']} still pending.")
        if result["pending"]:
            raise CommandError("Some messages are still pending: is the broker (Redis) up?")
