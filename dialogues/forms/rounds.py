from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Round, Venue


class RoundForm(forms.ModelForm):
    """A round: its days, venue (one of this dialogue's), methodology and objectives.

    Bind it to an instance whose dialogue is set (Round(dialogue=...) for a new
    one), so the model's checks (last day not before the first, venue of this
    dialogue) run and land on their fields.
    """

    venue = forms.ModelChoiceField(
        label=_("Venue"),
        queryset=Venue.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
        error_messages={"invalid_choice": _("Choose one of this dialogue's venues.")},
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "venue",
            "venue_shared",
            "methodology",
            "objectives",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objectives": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "objectives": _("Read by everyone in the dialogue who may read this round."),
        }

    def __init__(self, *args, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues
