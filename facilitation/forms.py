from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.models import Side
from facilitation.forms_entries import SpeakerField, speaker_field
from facilitation.models import Note, Session
from trackii.privacy.levels import Level


class NoteForm(forms.ModelForm):
    """A note, with its level chosen before it is saved."""

    class Meta:
        model = Note
        fields = ["session", "text", "level", "speaker_participant", "speaker_side"]
        field_classes = {"speaker_participant": SpeakerField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, dialogue, speakers=None, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(round__dialogue=dialogue)
        speaker_field(self, "speaker_participant", speakers, role)
        self.fields["speaker_participant"].help_text = _(
            "Optional: a participant of the session's round, shown to organizers and "
            "facilitators only, whatever the note's level. Or choose only their side."
        )
        self.fields["speaker_side"].queryset = Side.objects.filter(dialogue=dialogue)
        self.fields["speaker_side"].required = False
        self.fields["level"].initial = Level.TEAM


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in a given time zone (a venue's), not the server's.

    The value comes out aware (converted to UTC on save); an existing value is
    shown back in that zone. A local time that does not exist or is ambiguous
    (a daylight-saving change) is refused with a message.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, tz=None, **kwargs):
        self.tz = tz
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        with timezone.override(self.tz or timezone.get_current_timezone()):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(self.tz or timezone.get_current_timezone()):
            return super().prepare_value(value)


class SessionForm(forms.ModelForm):
    """A session, with its times in the venue's local time and facilitators from the team."""

    starts_at = LocalDateTimeField(label=_("Starts"))
    ends_at = LocalDateTimeField(label=_("Ends"))
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organizers and facilitators of this dialogue."),
        error_messages={
            "invalid_choice": _("Facilitators must be organizers or facilitators of this dialogue.")
        },
    )

    class Meta:
        model = Session
        fields = ["title", "agenda_item", "format", "starts_at", "ends_at", "facilitators"]
        widgets = {"agenda_item": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, round_, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        tz = round_.time_zone
        for name in ("starts_at", "ends_at"):
            self.fields[name].tz = tz
            self.fields[name].help_text = _(
                "In the venue's local time (%(zone)s). The round runs from %(first)s to %(last)s."
            ) % {"zone": tz.key, "first": round_.starts_on, "last": round_.ends_on}
        self.fields["facilitators"].queryset = facilitators
