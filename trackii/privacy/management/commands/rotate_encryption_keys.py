from django.core.management.base import BaseCommand

from trackii.privacy.encrypted import encrypted_fields, rotate_model


class Command(BaseCommand):
    help = (
        "Re-encrypt all confidential text under the first key of FIELD_ENCRYPTION_KEYS. "
        "Resumable: pass --model and --start-after from the last progress line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--model", help="resume from this model (app_label.Model)")
        parser.add_argument("--start-after", type=int, default=0, help="resume after this pk")

    def handle(self, *args, batch_size, model, start_after, **options):
        models = encrypted_fields()
        if model:
            labels = [m._meta.label_lower for m, _ in models]
            models = models[labels.index(model.lower()) :]
        for index, (m, names) in enumerate(models):
            first = start_after if index == 0 and model else 0
            total = rotate_model(
                m,
                names,
                start_after=first,
                batch_size=batch_size,
                on_batch=lambda mdl, last, done: self.stdout.write(
                    f"{mdl._meta.label_lower} up to pk {last}: {done} rows"
                ),
            )
            self.stdout.write(
                self.style.SUCCESS(f"{m._meta.label_lower}: {total} rows re-encrypted")
            )
