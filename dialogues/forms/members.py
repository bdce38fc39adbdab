from django import forms
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role


class MemberInviteForm(forms.Form):
    """Invite someone by e-mail, whether or not they have an account (the answer is the
    same either way). The least powerful role is preselected: granting more is a choice."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.OBSERVER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
        required=False,
    )
    actor = forms.EmailField(label=_("By (e-mail)"), required=False)
