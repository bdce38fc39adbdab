"""Forms of the pages after the round: the options board, transfers, outcomes, reflections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import ChangeStatement, Side
from facilitation.after import OUTCOME_FIELDS, REFLECTION_FIELDS, TRANSFER_FIELDS
from facilitation.models import Option, OptionStance, Outcome, Reflection, Topic, Transfer
from trackii.privacy.pickers import PickerChoiceField


class OptionBoardFilterForm(forms.Form):
    """Filters of the options board. Unknown values (another dialogue's side) are refused."""

    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *Option.State.choices]
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices]
    )
    side = forms.ModelChoiceField(
        label=_("Side"), required=False, queryset=Side.objects.none(), empty_label=_("Any side")
    )
    stance = forms.ChoiceField(
        label=_("Its stance"),
        required=False,
        choices=[("", _("Any stance")), *OptionStance.Stance.choices],
    )

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = Side.objects.filter(pk__in=[s.pk for s in sides])
        # The choices come from the list already read: no query to draw the form.
        self.fields["side"].choices = [("", _("Any side")), *((s.pk, s.name) for s in sides)]

    def clean(self):
        data = super().clean()
        if data.get("stance") and not data.get("side"):
            self.add_error("side", _("Choose the side whose stance to filter by."))
        return data

    def apply(self, options):
        """Narrow a queryset of options (already through visible_to) by the valid filters."""
        data = self.cleaned_data
        if data.get("state"):
            options = options.filter(state=data["state"])
        if data.get("topic"):
            options = options.filter(topics__topic=data["topic"])
        side, stance = data.get("side"), data.get("stance")
        if side and stance == OptionStance.Stance.UNKNOWN:
            # No row means unknown, too.
            options = options.exclude(
                stances__in=OptionStance.objects.filter(side=side).exclude(
                    stance=OptionStance.Stance.UNKNOWN
                )
            )
        elif side and stance:
            options = options.filter(stances__side=side, stances__stance=stance)
        return options


class DateInput(forms.DateInput):
    input_type = "date"


class TransferForm(forms.ModelForm):
    class Meta:
        model = Transfer
        fields = list(TRANSFER_FIELDS)
        widgets = {"transferred_on": DateInput, "follow_up_due": DateInput}
        # Drawn bounded (the newest, or those searched for): see the transfer views.
        field_classes = {"option": PickerChoiceField}

    def __init__(self, *args, user, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        # Only options the user may read (DESIGN.md: the one chokepoint).
        self.fields["option"].queryset = (
            Option.objects.visible_to(user)
            .filter(dialogue=dialogue)
            .order_by("-created_at", "-id")  # newest first; id settles equal times
        )
        self.fields["option"].required = False
        self.fields["statement"].queryset = ChangeStatement.objects.visible_to(user).filter(
            dialogue=dialogue
        )
        self.fields["recipient_name"].help_text = _(
            "Only when the level is restricted. Otherwise keep to the kind of recipient."
        )


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = list(OUTCOME_FIELDS)
        widgets = {"observed_on": DateInput}

    def __init__(self, *args, user, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statement"].queryset = ChangeStatement.objects.visible_to(user).filter(
            dialogue=dialogue
        )
        self.fields["who_description"].help_text = _(
            "Only when the level is restricted. Otherwise keep to the kind."
        )


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = list(REFLECTION_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
