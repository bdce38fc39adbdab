"""The anonymous reading's form, on the private reading link (/i/<token>/reading/).

Its own module because a participant without an account reads it: its strings are
translated into every participant language (trackii.i18n.PARTICIPANT_FACING), the
console's forms (facilitation/forms_entries.py) into the app's languages only.
"""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Side
from facilitation.forms_entries import SCORES, naming_side


class AnonymousReadingForm(forms.Form):
    side = forms.ModelChoiceField(
        label=_("Your side"), queryset=Side.objects.none(), empty_label=None
    )
    trust = forms.TypedChoiceField(
        label=_("How much do you trust the other side? (1 not at all, 5 fully)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    belief = forms.TypedChoiceField(
        label=_("How much do you believe this process can work? (1 not at all, 5 fully)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    client_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, dialogue, side=None, **kwargs):
        """`side`: the link's side, the only one offered; any other is refused saying so."""
        super().__init__(*args, **kwargs)
        sides = Side.objects.filter(dialogue=dialogue, is_third_party=False)
        field = self.fields["side"]
        field.queryset = sides.filter(pk=side.pk) if side is not None else sides
        if side is not None:
            field.initial = side.pk
            field.error_messages["invalid_choice"] = naming_side(
                _("This link is for %(side)s only. Ask the facilitator for your side's link."),
                side,
            )
        self.fields["client_key"].initial = uuid.uuid4()
