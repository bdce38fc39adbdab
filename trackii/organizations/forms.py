from django import forms
from django.utils.translation import gettext_lazy as _

from trackii.organizations.models import OrgRole


class OrgRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Organization role"), choices=OrgRole.choices)


class ConfirmForm(forms.Form):
    """An action that cannot be taken back, or that others feel at once, is asked first:
    the page says what will happen, and the box must be ticked."""

    confirm = forms.BooleanField(
        label=_("I understand what will happen"),
        error_messages={"required": _("Tick the box to confirm, or go back.")},
    )
