from django.apps import apps
from django.core.management.base import BaseCommand

from trackii.privacy.bidi import strip_stored_bidi_controls
from trackii.privacy.encrypted import project_models


class Command(BaseCommand):
    help = (
        "Remove bidirectional embedding, override and isolate controls (U+202A-U+202E, "
        "U+2066-U+2069) from stored text: of the named apps, or of every trackii app."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_label", nargs="*", help="for example: participants accounts")

    def handle(self, *args, app_label, **options):
        if app_label:
            chosen = [m for label in app_label for m in apps.get_app_config(label).get_models()]
        else:
            chosen = project_models()
        changed = strip_stored_bidi_controls(chosen)
        for label, rows in sorted(changed.items()):
            self.stdout.write(f"{label}: {rows} rows cleaned")
        self.stdout.write(f"Done: {sum(changed.values())} rows cleaned.")
