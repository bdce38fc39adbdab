"""Notes' typed speakers become chosen ones (issue 13, point 4).

A typed speaker that equals, whatever the case and spacing, the name or the pseudonym of
exactly one participant of the note's round becomes that participant (their side goes
with them); one that equals a side's name becomes that side. Anything else is kept as
it was in `Note.speaker` (encrypted, shown to the team only as "speaker as typed
earlier"), so nothing is lost; an edit may correct or clear it.
"""

from django.db import migrations

from trackii.privacy.pseudonyms import pseudonym_for


def _folded(text):
    return " ".join((text or "").split()).casefold()


def choose_speakers(apps, schema_editor):
    Note = apps.get_model("facilitation", "Note")
    RoundParticipation = apps.get_model("participants", "RoundParticipation")
    Side = apps.get_model("dialogues", "Side")
    by_round = {}
    sides = {}
    # Speakers are encrypted: compared here, not in SQL.
    for note in (
        Note.objects.filter(speaker_participant__isnull=True)
        .select_related("session")
        .only("pk", "dialogue_id", "speaker", "speaker_side_id", "session__round_id")
    ):
        spoken = _folded(note.speaker)
        if not spoken:
            continue
        round_id = note.session.round_id
        if round_id not in by_round:
            by_round[round_id] = [
                (rp.participant_id, rp.participant.side_id, rp.participant.person)
                for rp in RoundParticipation.objects.filter(
                    round_id=round_id, participant__person__erased_at__isnull=True
                ).select_related("participant__person")
            ]
        matches = [
            (pk, side_id)
            for pk, side_id, person in by_round[round_id]
            if spoken in (_folded(person.name), _folded(pseudonym_for("participant", pk)))
        ]
        if len(matches) == 1:
            pk, side_id = matches[0]
            if note.speaker_side_id in (None, side_id):
                Note.objects.filter(pk=note.pk).update(
                    speaker_participant_id=pk, speaker_side_id=side_id, speaker=""
                )
            continue
        if note.dialogue_id not in sides:
            sides[note.dialogue_id] = {
                _folded(side.name): side.pk
                for side in Side.objects.filter(dialogue_id=note.dialogue_id)
            }
        side_id = sides[note.dialogue_id].get(spoken)
        if side_id is not None and note.speaker_side_id in (None, side_id):
            Note.objects.filter(pk=note.pk).update(speaker_side_id=side_id, speaker="")


class Migration(migrations.Migration):
    dependencies = [
        ("facilitation", "0010_note_speaker_participant"),
        ("dialogues", "0005_encrypt_planning_text"),
    ]

    operations = [
        migrations.RunPython(choose_speakers, migrations.RunPython.noop),
    ]
