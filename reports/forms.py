from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Round
from reports.models import Report


class ReportCreateForm(forms.Form):
    title = forms.CharField(label=_("Title (shown to funders)"), max_length=120)
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=Report.Period.choices, initial=Report.Period.WHOLE
    )
    round = forms.ModelChoiceField(
        label=_("Round (for a one-round report)"), queryset=Round.objects.none(), required=False
    )
    starts_on = forms.DateField(
        label=_("From (for a date range)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("To (for a date range)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds

    def clean(self):
        data = super().clean()
        kind = data.get("period_kind")
        if kind == Report.Period.ROUND and not data.get("round"):
            self.add_error("round", _("Choose the round the report covers."))
        if kind == Report.Period.RANGE:
            if not data.get("starts_on"):
                self.add_error("starts_on", _("Give the first day of the period."))
            if not data.get("ends_on"):
                self.add_error("ends_on", _("Give the last day of the period."))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class NarrativeForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative for the funder"),
        help_text=_(
            "Markdown: paragraphs, # headings, - lists, **bold**, *emphasis*. "
            "No names, no quotes, nothing confidential."
        ),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


OPTION_ERRORS = {
    "invalid_choice": _(
        "One of the options chosen is no longer in this report's period. "
        "Reload the page and choose again."
    ),
    "invalid_pk_value": _("That is not an option of this report."),
}


class OptionTitlesForm(forms.Form):
    """Which of the period's options may show their title in the report.

    The page draws the checkboxes itself from the options it already read, one page of
    them at a time, and sends the ids of the options it showed as `shown`: a submit
    changes those options only, so the marks of options on other pages are kept. This
    form only checks that every id sent is one of the period's options."""

    publishable = forms.ModelMultipleChoiceField(
        queryset=None, required=False, error_messages=OPTION_ERRORS
    )
    shown = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages=OPTION_ERRORS,
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publishable"].queryset = options
        self.fields["shown"].queryset = options

    def shown_ids(self) -> list[int] | None:
        """The ids of the options the submitted form showed; None for a form sent
        without `shown` (a client that sends the whole period's list at once)."""
        if "shown" not in self.data:
            return None
        return [o.pk for o in self.cleaned_data["shown"]]


class OptionReviewFilterForm(forms.Form):
    """Which of the period's options the review page lists. Unknown values are refused
    and the whole list is shown."""

    ALL, MARKED, UNMARKED = "", "publishable", "unmarked"

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (ALL, _("All reportable options of the period")),
            (MARKED, _("Only those marked publishable")),
            (UNMARKED, _("Only those not marked")),
        ],
    )

    def apply(self, options):
        show = self.cleaned_data.get("show") if self.is_bound and self.is_valid() else self.ALL
        if show == self.MARKED:
            return options.filter(publishable=True)
        if show == self.UNMARKED:
            return options.filter(publishable=False)
        return options
