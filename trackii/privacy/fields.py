"""Model fields whose content is encrypted at rest (see trackii.privacy.crypto).

The database holds only ciphertext; Python code sees plain text. What is lost:
SQL cannot compare, search, order or index these columns. Search works by
decrypting within one dialogue (or, for exact matches, a keyed blind index).
"""

import json

from django.core import validators
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from trackii.privacy import crypto


class EncryptedTextField(models.TextField):
    """A TextField stored encrypted. Empty strings are stored as empty strings."""

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(crypto.PREFIX):
            return crypto.decrypt(value)
        return super().to_python(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_db_prep_save(self, value, connection):
        return self.get_prep_value(value)

    def get_lookup(self, lookup_name):
        # Ciphertext is randomised: an SQL comparison would silently match nothing.
        if lookup_name not in ("isnull",):
            return None
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """An encrypted field with a CharField's length limit on the plain text and a one-line
    input in forms. The column is text: ciphertext is longer than what it hides."""

    def __init__(self, *args, max_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plain_max_length = max_length
        if max_length is not None:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length is not None:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        from django import forms

        defaults = {
            "form_class": forms.CharField,
            "max_length": self.plain_max_length,
            "widget": forms.TextInput,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedEmailField(EncryptedCharField):
    default_validators = [validators.validate_email]

    def formfield(self, **kwargs):
        from django import forms

        return super().formfield(
            **{"form_class": forms.EmailField, "widget": forms.EmailInput, **kwargs}
        )


class EncryptedJSONField(EncryptedTextField):
    """JSON content stored encrypted: serialised, then encrypted as one text value.

    Python code sees the decoded value (a dict, list, ...), as with a JSONField; the
    database holds ciphertext only, so no key or path lookup works in SQL. Every value,
    an empty dict included, is encrypted (an empty dict still says "nothing was there").
    """

    def __init__(self, *args, encoder=None, **kwargs):
        self.encoder = encoder
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.encoder is not None:
            kwargs["encoder"] = self.encoder
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None if value is None else value
        return json.loads(crypto.decrypt(value))

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(crypto.PREFIX):
            return json.loads(crypto.decrypt(value))
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, cls=self.encoder or DjangoJSONEncoder))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), cls=self.encoder or DjangoJSONEncoder)

    def formfield(self, **kwargs):
        from django import forms

        return models.Field.formfield(
            self, **{"form_class": forms.JSONField, "encoder": self.encoder, **kwargs}
        )
