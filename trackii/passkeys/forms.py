from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PasskeyAddForm(forms.Form):
    """A name for the new passkey, and the credential the browser made (filled in by
    static/js/passkeys.js; without JavaScript there is none, and the form says so)."""

    name = forms.CharField(
        label=pgettext_lazy("passkey's name", "Name"),
        max_length=64,
        help_text=_("So you can tell your passkeys apart, e.g. “Work laptop” or “Security key”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    credential = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)

    def clean(self):
        data = super().clean()
        if not data.get("credential"):
            raise forms.ValidationError(
                _(
                    "Your browser sent no passkey. Adding one needs JavaScript and a browser "
                    "or device that supports passkeys."
                ),
                code="no_credential",
            )
        return data
