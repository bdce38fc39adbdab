from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Side
from facilitation.models import Note, Session
from trackii.privacy.levels import Level


class NoteForm(forms.ModelForm):
    """A note, with its level chosen before it is saved."""

    class Meta:
        model = Note
        fields = ["session", "text", "level", "speaker_side", "speaker"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(round__dialogue=dialogue)
        self.fields["speaker_side"].queryset = Side.objects.filter(dialogue=dialogue)
        self.fields["speaker_side"].required = False
        self.fields["level"].initial = Level.TEAM
        self.fields["speaker"].help_text = _(
            "Optional. Shown to organizers and facilitators only, whatever the note's level."
        )


class GrantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
