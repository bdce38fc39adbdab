from django import forms
from django.utils.translation import gettext_lazy as _

from trackii.privacy.models import AuditEvent
from trackii.privacy.roles import Role


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of their trackii account"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
        required=False,
    )
    actor = forms.EmailField(label=_("By (e-mail)"), required=False)
