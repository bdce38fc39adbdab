from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from trackii import i18n
from trackii.accounts.models import ReminderKind


class LoginForm(AuthenticationForm):
    def clean_username(self):
        # Addresses are stored lower-cased; the lockout counts one account whatever the case typed.
        return (self.cleaned_data.get("username") or "").strip().lower()


def code_field(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class SecondFactorCodeForm(forms.Form):
    code = code_field(
        _("Code"),
        _("The 6-digit code your authenticator app shows now, or one of your recovery codes."),
    )


class AuthenticatorSetupForm(forms.Form):
    code = code_field(_("Code from the app"), _("The 6 digits the app shows for trackii."))


class ReauthenticationForm(forms.Form):
    """The current password, and a fresh code for users who have a second factor.

    Whether they are right is checked by the view (trackii.accounts.reauth), which
    counts wrong ones toward the lockout.
    """

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, with_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = code_field(
                _("Code"),
                _(
                    "A new code from your authenticator app (not one you have used), "
                    "or one of your recovery codes."
                ),
            )
            self.fields["code"].widget.attrs.pop("autofocus")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["display_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser asks")), *i18n.app_languages()]


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We send a link to this address. Your login address changes only once you open "
            "the link, logged in as now, and confirm."
        ),
    )


class ReminderForm(forms.Form):
    """Which kinds of reminder the daily e-mail carries (trackii/workflows/reminders.py)."""

    kinds = forms.MultipleChoiceField(
        label=_("Remind me by e-mail, once a day, of"),
        choices=ReminderKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The e-mail names dialogues by their code name and gives counts and dates only. "
            "It is sent only on days when something needs you."
        ),
    )
