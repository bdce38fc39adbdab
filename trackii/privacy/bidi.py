"""Cleaning stored text of bidirectional controls (issue 13, point 8).

Forms strip the embedding, override and isolate controls from what is typed
(trackii.privacy.middleware.StripBidiControlsMiddleware); rows stored before that may
still hold them. `strip_stored_bidi_controls` removes them, with the one definition of
those characters (trackii.lib.text.BIDI_CONTROLS). A data migration in each app that
stores typed text runs it on its models; `manage.py strip_bidi_controls` on any app.
"""

from django.db import models

from trackii.lib.text import has_bidi_controls, strip_bidi_controls
from trackii.privacy.encrypted import rewrite_rows
from trackii.privacy.fields import EncryptedJSONField
from trackii.privacy.unscoped import Reason, unscoped

#: Never rewritten: consent records are append-only in the database itself, and hold no
#: typed text.
SKIPPED = frozenset({"participants.ConsentRecord"})


def typed_text_fields(model) -> list[str]:
    """The names of `model`'s text fields that may hold typed text: char and text fields,
    encrypted or not, except choices and JSON."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not isinstance(f, EncryptedJSONField)
        and not f.choices
        and not f.primary_key
    ]


def strip_stored_bidi_controls(model_list, *, batch_size: int = 500) -> dict[str, int]:
    """Remove the controls from every typed text field of `model_list` (real or historical
    models). Returns {"app.Model": rows changed} for models where something changed.

    Encrypted values are decrypted in Python (SQL cannot look into them), in pk order,
    in batches, each in its own transaction; running it twice changes nothing more."""
    changed: dict[str, int] = {}
    for model in model_list:
        label = model._meta.label
        names = typed_text_fields(model)
        if label in SKIPPED or not names or model._meta.proxy:
            continue
        everything = unscoped(model, reason=Reason.BIDI_CLEANING)
        _read, written = rewrite_rows(everything, names, _stripped, batch_size=batch_size)
        if written:
            changed[label] = written
    return changed


def _stripped(value):
    """The value without the controls, or None when it holds none (left as it is)."""
    if isinstance(value, str) and has_bidi_controls(value):
        return strip_bidi_controls(value)
    return None
