"""For operators: purge now what the daily task would purge, or see what it would."""

from django.core.management.base import BaseCommand

from trackii.workflows.retention import retention_purge


class Command(BaseCommand):
    help = (
        "Delete the confidential records of closed dialogues past their retention period "
        "and erase the identities only they hold. With --dry-run, only say what would go."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Change nothing; print what would be purged, counted per kind.",
        )

    def handle(self, *args, dry_run=False, **options):
        plans = retention_purge(dry_run=dry_run)
        if not plans:
            self.stdout.write("Nothing to purge.")
            return
        verb = "Would purge" if dry_run else "Purged"
        for plan in plans:
            # The code name is what trackii shows everywhere instead of the real title.
            self.stdout.write(
                f"{verb} dialogue #{plan.dialogue_id} {plan.code_name} "
                f"(due {plan.due_at:%Y-%m-%d %H:%M} UTC):"
            )
            for kind, count in plan.counts.items():
                if count:
                    self.stdout.write(f"  {kind.replace('_', ' ')}: {count}")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
