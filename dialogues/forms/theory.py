from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import ChangeStatement, Indicator, IndicatorValue
from dialogues.services.theory import STATEMENT_FIELDS


class ChangeStatementForm(forms.ModelForm):
    """One "if … then … because …" statement. Always team level (said on the page)."""

    class Meta:
        model = ChangeStatement
        fields = list(STATEMENT_FIELDS)
        labels = {
            "if_text": _("If …"),
            "then_text": _("then …"),
            "because_text": _("because …"),
            "assumptions": _("Assumptions"),
            "indicators": _("Outcomes that would show it working"),
        }
        help_texts = {
            "if_text": _(
                "What the dialogue does or brings about, e.g. “key people on both "
                "sides meet regularly in private”."
            ),
            "then_text": _(
                "The change that should follow, e.g. “they carry new options home "
                "to their leaderships”."
            ),
            "because_text": _(
                "Why you expect it, e.g. “they trust each other enough to test "
                "ideas without committing”."
            ),
            "assumptions": _("What must hold true for this to work."),
            "indicators": _("What you would observe if it works: who would do or say what."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in STATEMENT_FIELDS}
        error_messages = {
            "if_text": {"required": _("Say what the dialogue does (the “if”).")},
            "then_text": {"required": _("Say what should change (the “then”).")},
            "because_text": {"required": _("Say why you expect it (the “because”).")},
        }

    def __init__(self, *args, inline: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if inline:
            # Swapped in by htmx in place of the statement: move focus into the form.
            self.fields["if_text"].widget.attrs["autofocus"] = True


class StatementPublishingForm(forms.ModelForm):
    """Whether funder reports show a statement, and the words funders read instead of it."""

    class Meta:
        model = ChangeStatement
        fields = ["publishable", "funder_wording"]
        labels = {
            "publishable": _("Show this statement in funder reports"),
            "funder_wording": _("Wording for funders"),
        }
        help_texts = {
            "publishable": _(
                "Reports built from now on show the wording below, this statement's "
                "indicators with their progress, and counts of the outcomes harvested "
                "against it. The statement itself is never shown to funders."
            ),
            "funder_wording": _(
                "One sentence funders may read, e.g. “Officials on both sides hear options "
                "developed in the dialogue”. Name no person, place or side's position."
            ),
        }


class IndicatorForm(forms.ModelForm):
    """An indicator with a target, measured by hand or counted from the team's records."""

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "measure",
            "side",
            "baseline",
            "baseline_on",
            "target",
            "direction",
            "target_on",
        ]
        labels = {"name": _("Name (shown to funders)")}
        help_texts = {
            "name": _("e.g. “Options briefed to officials”. Name no person or place."),
            "measure": _(
                "Counted indicators take their value from what the team records when a "
                "report is built; the others take the values you enter."
            ),
            "side": _("Only for mean trust: the side whose readings it follows."),
        }
        widgets = {
            "baseline_on": forms.DateInput(attrs={"type": "date"}),
            "target_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, sides=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = sides
        self.fields["side"].required = False


class IndicatorValueForm(forms.ModelForm):
    class Meta:
        model = IndicatorValue
        fields = ["measured_on", "value", "note"]
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
