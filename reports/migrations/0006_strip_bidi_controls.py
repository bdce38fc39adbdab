"""Stored report titles and narratives lose the bidirectional embedding, override and isolate controls that
forms now strip (issue 13, point 8).."""

from django.db import migrations


def strip(apps, schema_editor):
    from trackii.privacy.bidi import strip_stored_bidi_controls

    strip_stored_bidi_controls(apps.get_app_config("reports").get_models())


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_report_withdrawn")]

    operations = [migrations.RunPython(strip, migrations.RunPython.noop)]
