from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from dialogues.models import TIME_ZONES, Round, Venue, VenueSideAccess
from dialogues.services.venues import VENUE_FIELDS

RATING_HELP = _("1 (poor) to 5 (excellent); leave empty if not assessed yet.")


def rating_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=5,
        help_text=RATING_HELP,
        error_messages={
            "min_value": _("Rate from 1 to 5."),
            "max_value": _("Rate from 1 to 5."),
            "invalid": _("Rate from 1 to 5."),
        },
        widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}),
    )


class CurrencyField(forms.CharField):
    def to_python(self, value):
        return super().to_python(value).upper()


class VenueForm(forms.ModelForm):
    """A candidate venue. Validation mirrors the model so the user sees every problem at once."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(tz, tz) for tz in TIME_ZONES],
        initial="UTC",
        help_text=_("Sessions at this venue are planned in its local time."),
        error_messages={"invalid_choice": _("Choose a time zone such as Europe/Vienna.")},
    )
    capacity = forms.IntegerField(
        label=_("Capacity (people)"),
        min_value=1,
        error_messages={"min_value": _("A venue must hold at least one person.")},
    )
    cost_per_day = forms.DecimalField(
        label=_("Cost per day"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        error_messages={"min_value": _("The cost cannot be negative.")},
    )
    currency = CurrencyField(
        label=_("Currency"),
        max_length=3,
        initial="EUR",
        help_text=_("Three-letter code, such as EUR or USD."),
        validators=[
            RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter currency code, such as EUR."))
        ],
    )
    neutrality = rating_field(_("Neutrality"))
    discretion = rating_field(_("Discretion"))
    security = rating_field(_("Security"))
    accessibility = rating_field(_("Accessibility"))

    class Meta:
        model = Venue
        fields = list(VENUE_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}


class SideAccessForm(forms.ModelForm):
    """How people of one side reach the venue; one per side of the dialogue."""

    travel_hours = forms.DecimalField(
        label=_("Travel time (hours)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        error_messages={"min_value": _("Travel time cannot be negative.")},
    )

    class Meta:
        model = VenueSideAccess
        fields = ["visa_needed", "travel_hours", "notes"]


def side_access_forms(sides, *, venue=None, data=None) -> list[tuple]:
    """One (side, form) per side, each with its own prefix; existing answers as initial data."""
    existing = {a.side_id: a for a in venue.side_access.all()} if venue is not None else {}
    return [
        (
            side,
            SideAccessForm(
                data,
                instance=existing.get(side.pk) or VenueSideAccess(side=side),
                prefix=f"side-{side.pk}",
            ),
        )
        for side in sides
    ]


class CompareForm(forms.Form):
    """Which round, and which candidate venues, to compare (GET)."""

    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=Round.objects.none(),
        required=False,
        empty_label=_("No round (per-day figures only)"),
        error_messages={"invalid_choice": _("Choose one of this dialogue's rounds.")},
    )
    venue = forms.ModelMultipleChoiceField(
        label=_("Venues to compare"),
        queryset=Venue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to compare every venue, ten at a time."),
        error_messages={"invalid_choice": _("Choose among this dialogue's venues.")},
    )

    def __init__(self, *args, rounds, venues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["venue"].queryset = venues
