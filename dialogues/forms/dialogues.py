from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Dialogue, Side
from dialogues.services.dialogues import (
    CODE_NAME_TAKEN,
    DIALOGUE_FIELDS,
    MAX_SIDES,
    MIN_SIDES,
)

SIDE_NAME_MAX = Side._meta.get_field("name").plain_max_length


class DialogueForm(forms.ModelForm):
    """A dialogue's settings. Grouped in fieldsets so the long form reads in sections."""

    k_threshold = forms.IntegerField(
        label=_("Smallest count shown in funder reports (k)"),
        min_value=2,
        max_value=100,
        initial=5,
        help_text=_(
            "Counts of people below k show as “fewer than k” in funder reports. "
            "5 is usual; statistical offices use 10 or more for sensitive data."
        ),
        error_messages={
            "min_value": _("Choose 2 or more: a count of one person would point at them."),
            "max_value": _("Choose 100 or less."),
            "required": _("Choose the smallest count funder reports may show (5 is usual)."),
        },
    )

    FIELDSETS = [
        (_("The dialogue"), ["code_name", "title", "description", "context", "status", "track"]),
        (
            _("Confidentiality agreement"),
            [
                "agreement_rule",
                "agreement_records_access",
                "agreement_years",
            ],
        ),
        (_("Privacy"), ["default_level", "k_threshold", "retention_days"]),
    ]

    class Meta:
        model = Dialogue
        fields = list(DIALOGUE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "context": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "status": _("Status"),
            "track": _("Track"),
            "agreement_years": _("Years confidentiality lasts"),
            "agreement_records_access": _("Who may see records"),
            "default_level": _("Default level of what is logged"),
            "retention_days": _("Days to keep records after the dialogue closes"),
        }
        help_texts = {
            "agreement_records_access": _(
                "As agreed with participants, e.g. “the organizing team only; no recordings”."
            ),
            "agreement_years": _("Leave empty if the agreement sets no end."),
            "default_level": _(
                "Where new notes and records start; whoever logs one can still choose."
            ),
            "title": _("Only organizers and facilitators see it."),
            "description": _("Only organizers and facilitators see it."),
            "retention_days": _(
                "This many days after the status is set to Closed, trackii deletes the "
                "dialogue's notes, trust-building steps, transfers, outcomes, reflections, "
                "vetting notes and invitations, and the text of its options, and erases the "
                "names and contact details of participants who are in no other current "
                "dialogue. Counts (attendance, trust readings, options by stage) and published "
                "funder reports stay. Leave empty to keep everything until you decide."
            ),
        }
        error_messages = {
            "retention_days": {
                "max_value": _("Choose at most 36500 days (100 years), or leave it empty."),
                "min_value": _("Choose 0 or more days, or leave it empty."),
                "invalid": _("Type a whole number of days, or leave it empty."),
            },
            "code_name": {
                "unique": CODE_NAME_TAKEN,
                "required": _(
                    "Give the dialogue a code name; it is shown everywhere instead of "
                    "its real title."
                ),
            },
        }

    def clean_code_name(self):
        return self.cleaned_data["code_name"].strip()

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DialogueCreateForm(DialogueForm):
    """A new dialogue and its sides, typed one per line (works without JavaScript).

    `organizations` are those the user may create dialogues in; with one only, it is
    chosen for them and the field is not shown.
    """

    organization = OrganizationChoiceField(
        label=_("Organization"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the listed organizations.")},
    )

    sides = forms.CharField(
        label=_("Sides of the conflict"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_SIDES * (SIDE_NAME_MAX + 2),
        help_text=_(
            "One per line, at least two: the parties or communities participants come from."
        ),
        error_messages={"required": _("Name at least two sides of the conflict, one per line.")},
    )
    add_third_party = forms.BooleanField(
        label=_("Add a third party side for conveners and experts"),
        required=False,
        initial=True,
    )

    FIELDSETS = [
        (_("The dialogue"), ["organization", *DialogueForm.FIELDSETS[0][1]]),
        (_("Sides"), ["sides", "add_third_party"]),
        *DialogueForm.FIELDSETS[1:],
    ]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        only = list(organizations[:2])
        self.only_organization = only[0] if len(only) == 1 else None
        if self.only_organization is not None:
            field.initial = self.only_organization.pk
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_organization(self):
        return self.cleaned_data["organization"] or self.only_organization

    def fieldsets(self):
        return [
            (legend, [self[name] for name in names if not self[name].is_hidden])
            for legend, names in self.FIELDSETS
        ]

    def clean_sides(self):
        names = [line.strip() for line in self.cleaned_data["sides"].splitlines()]
        names = [n for n in names if n]
        if len(names) < MIN_SIDES:
            raise forms.ValidationError(_("Name at least two sides of the conflict, one per line."))
        if len(names) > MAX_SIDES:
            raise forms.ValidationError(_("Name at most %(n)d sides.") % {"n": MAX_SIDES})
        too_long = [n for n in names if len(n) > SIDE_NAME_MAX]
        if too_long:
            raise forms.ValidationError(
                _("Each side's name may be at most %(n)d characters long.") % {"n": SIDE_NAME_MAX}
            )
        folded = [n.casefold() for n in names]
        if len(set(folded)) != len(folded):
            raise forms.ValidationError(_("Each side needs a different name."))
        return names


class SideForm(forms.ModelForm):
    class Meta:
        model = Side
        fields = ["name", "is_third_party"]
        labels = {"name": _("Name of the side"), "is_third_party": _("Third party")}
        help_texts = {"is_third_party": _("Conveners and experts rather than a party.")}

    def __init__(self, *args, inline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if inline:
            # Swapped in by htmx in place of the row the user acted on: move focus into it.
            self.fields["name"].widget.attrs["autofocus"] = True

    def clean_name(self):
        return self.cleaned_data["name"].strip()
