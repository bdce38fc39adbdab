"""Forms for funders, fundings and reporting obligations.

They check what a user typed (lengths, numbers, dates, the currency's form) so
the page can answer 422 with every value kept; the services check it again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dialogues.models import Funder, Funding, ReportingObligation
from dialogues.selectors_funding import funder_choices
from dialogues.services.funding import normalize_currency


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class _FundersByName(forms.models.ModelChoiceIterator):
    """The choices sorted by name in Python: names are encrypted, SQL cannot sort them."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted(self.queryset, key=lambda f: (f.name.casefold(), f.pk)):
            yield self.choice(obj)


class FunderChoiceField(forms.ModelChoiceField):
    iterator = _FundersByName

    def label_from_instance(self, obj):
        # Name and kind only: nothing about the other dialogues it funds.
        return f"{obj.name} ({obj.get_kind_display()})"


class FunderForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("funder's name", "Name"),
        max_length=Funder._meta.get_field("name").plain_max_length,
        help_text=_("Funders are shared by all dialogues; each name is used once."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Funder.Kind.choices)


class FundingForm(forms.ModelForm):
    funder = FunderChoiceField(
        label=_("Funder"),
        queryset=Funder.objects.none(),
        help_text=_("Not in the list? Add the funder first."),
    )
    amount = forms.DecimalField(
        label=_("Amount"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        error_messages={"min_value": _("The amount cannot be negative.")},
    )
    spent = forms.DecimalField(
        label=_("Spent so far"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_(
            "In the funding's currency. Funder reports show it against the amount, "
            "to the funder of this funding only."
        ),
        error_messages={"min_value": _("The amount spent cannot be negative.")},
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        help_text=_("Three-letter ISO 4217 code, such as EUR, USD or CHF."),
        error_messages={
            "max_length": _(
                "Enter the currency as its three-letter ISO 4217 code, such as EUR, USD or CHF."
            )
        },
    )

    class Meta:
        model = Funding
        fields = [
            "funder",
            "amount",
            "currency",
            "starts_on",
            "ends_on",
            "status",
            "conditions",
            "legitimacy_risk",
            "spent",
            "spent_as_of",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "spent_as_of": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 4}),
            "legitimacy_risk": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = funder_choices(organization)
        self.fields["currency"].widget.attrs.update(
            {"autocapitalize": "characters", "spellcheck": "false", "size": "4"}
        )

    def clean_currency(self):
        try:
            return normalize_currency(self.cleaned_data["currency"])
        except ValidationError as e:
            raise ValidationError(e.messages) from e

    def clean(self):
        """Spending is read against the date it was recorded on: both or neither."""
        data = super().clean()
        spent, as_of = data.get("spent"), data.get("spent_as_of")
        if spent is not None and as_of is None and "spent_as_of" not in self.errors:
            self.add_error("spent_as_of", _("Give the date this spending was recorded on."))
        if as_of is not None and spent is None and "spent" not in self.errors:
            self.add_error("spent", _("Give the amount spent by that date, or clear the date."))
        return data


class ObligationForm(forms.ModelForm):
    class Meta:
        model = ReportingObligation
        fields = ["description", "due_on"]
        labels = {"description": _("What is owed")}
        widgets = {"due_on": DateInput()}


class ObligationEditForm(ObligationForm):
    class Meta(ObligationForm.Meta):
        fields = ["description", "due_on", "done"]


class ObligationDoneForm(forms.Form):
    """Mark done ("1", the default) or open again ("0")."""

    done = forms.TypedChoiceField(
        choices=[
            ("1", pgettext_lazy("reporting obligation", "Done")),
            ("0", pgettext_lazy("reporting obligation", "Open")),
        ],
        coerce=lambda value: value == "1",
        required=False,
        empty_value=True,
    )


class FunderUserForm(forms.Form):
    """Which funder member of this dialogue to link to (or unlink from) a funder."""

    user = forms.ModelChoiceField(
        label=_("Member"),
        queryset=None,
        error_messages={
            "invalid_choice": _("Choose a member who holds the funder role in this dialogue."),
            "required": _("Choose a member who holds the funder role in this dialogue."),
        },
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
