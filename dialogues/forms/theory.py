from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import ChangeStatement
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
