"""Forms of the pages of work that spans apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trackii.workflows.exports import Format, Kind, kinds_for


class ExportForm(forms.Form):
    """What to export and as what; only the kinds the member's role may export. Which
    format suits which kind is the service's rule (exports.export_request)."""

    kind = forms.ChoiceField(label=_("What to export"), widget=forms.RadioSelect)
    format = forms.ChoiceField(
        label=_("Format"), choices=Format.choices, initial=Format.XLSX, widget=forms.RadioSelect
    )

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = kinds_for(role)
        self.fields["kind"].choices = [(k, label) for k, label in Kind.choices if k in allowed]
