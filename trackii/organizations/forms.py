from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from trackii.organizations.models import OrgRole


class AccountSetupForm(forms.Form):
    """The invited person's own account: their name and a password (checked against the
    project's validators by the service, which knows the address)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("How colleagues in your dialogues see you."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=password_validators_help_text_html,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ. Type them again."))
        return data


class OrgRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Organization role"), choices=OrgRole.choices)


class ConfirmForm(forms.Form):
    """An action that cannot be taken back, or that others feel at once, is asked first:
    the page says what will happen, and the box must be ticked."""

    confirm = forms.BooleanField(
        label=_("I understand what will happen"),
        error_messages={"required": _("Tick the box to confirm, or go back.")},
    )


class ColleagueInviteForm(forms.Form):
    """Invite a colleague into the organization by e-mail. The least powerful role is
    preselected: granting more is a choice."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Organization role"), choices=OrgRole.choices, initial=OrgRole.MEMBER
    )
