"""How a note's speaker is shown: `{% note_speaker note access %}`."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from trackii.privacy.roles import sees_attribution

register = template.Library()


@register.simple_tag
def note_speaker(note, access):
    """The note's speaker, for organizers and facilitators only (attribution), empty for
    everyone else:

    - a participant by `shown_name(role)` (a protected participant by pseudonym), with
      their side; only if the reader may see that participant (`speaker_shown`, from
      Note.objects.with_speakers), else their side only;
    - a side only ("someone from side X");
    - a speaker typed before speakers were chosen, marked as such.

    Every name sits in <bdi>, so a right-to-left name cannot reorder what follows."""
    if not sees_attribution(access.role):
        return ""
    parts = []
    participant = note.speaker_participant if note.speaker_participant_id else None
    if participant is not None and getattr(note, "speaker_shown", False):
        parts.append(
            format_html(
                '<span class="muted">{}: <bdi>{}</bdi></span>',
                _("speaker"),
                participant.shown_name(access.role),
            )
        )
    if note.speaker_side_id:
        parts.append(
            format_html(
                '<span class="muted">{}: <bdi>{}</bdi></span>', _("side"), note.speaker_side.name
            )
        )
    if note.speaker:
        parts.append(
            format_html(
                '<span class="muted">{}: <bdi>{}</bdi></span>',
                _("speaker as typed earlier"),
                note.speaker,
            )
        )
    return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else ""
