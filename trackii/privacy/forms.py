from django import forms
from django.utils.translation import gettext_lazy as _


class GrantForm(forms.Form):
    """Choose the member to grant (or revoke) a restricted item."""

    user = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members
