"""Notes whose typed speaker names a protected participant of their dialogue lose that
speaker (their side stays): a facilitator must not read a protected person's real name
(issue 13, point 4). Every later write is refused by Note.clean()."""

from django.db import migrations


def _folded(text):
    return " ".join((text or "").split()).casefold()


def clear_protected_speakers(apps, schema_editor):
    Note = apps.get_model("facilitation", "Note")
    Participant = apps.get_model("participants", "Participant")
    names_by_dialogue = {}
    for dialogue_id, name in Participant.objects.filter(
        person__is_protected=True, person__erased_at__isnull=True
    ).values_list("dialogue_id", "person__name"):
        if name:
            names_by_dialogue.setdefault(dialogue_id, []).append(_folded(name))
    # Speakers are encrypted: compared here, not in SQL.
    for note in Note.objects.filter(dialogue_id__in=list(names_by_dialogue)).only(
        "pk", "dialogue_id", "speaker"
    ):
        spoken = _folded(note.speaker)
        if spoken and any(name in spoken for name in names_by_dialogue[note.dialogue_id]):
            Note.objects.filter(pk=note.pk).update(speaker="")


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0008_reading_link_side_and_holder"),
        ("participants", "0006_consent_records_append_only"),
    ]

    operations = [
        migrations.RunPython(clear_protected_speakers, migrations.RunPython.noop),
    ]
