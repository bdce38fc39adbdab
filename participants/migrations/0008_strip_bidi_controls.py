"""Stored names, affiliations, rationales, vetting notes and needs lose the bidirectional embedding, override and isolate controls that
forms now strip (issue 13, point 8). Consent records are left as they are (append-only)."""

from django.db import migrations


def strip(apps, schema_editor):
    from trackii.privacy.bidi import strip_stored_bidi_controls

    strip_stored_bidi_controls(apps.get_app_config("participants").get_models())


class Migration(migrations.Migration):
    dependencies = [("participants", "0007_person_preferred_language")]

    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
