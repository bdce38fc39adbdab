"""Finding encrypted fields and re-encrypting them under the newest key (rotation)."""

from django.apps import apps
from django.db import transaction

from trackii.privacy.fields import EncryptedTextField
from trackii.privacy.unscoped import Reason, unscoped


def encrypted_fields() -> list[tuple[type, list[str]]]:
    """(model, [field names]) for every model with encrypted fields."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def rewrite_rows(
    everything, names, change, *, start_after=None, batch_size=500, lock=False, on_batch=None
) -> tuple[int, int]:
    """Write `change(value)` back into each of `names` of every row of `everything` (an
    unscoped queryset, naming its reason) where it returns something other than None;
    returns (rows read, rows written).

    The one loop of the jobs that rewrite stored text past visible_to: rows go in pk
    order, in batches, each in its own transaction (rows locked with `lock`), so an
    interrupted run loses nothing and resumes with start_after=<the last pk reported to
    on_batch(model, last pk, rows read so far)>. Values are decrypted on reading and
    encrypted on writing, under the first key.
    """
    read = written = 0
    last = start_after
    while True:
        with transaction.atomic():
            rows = everything.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            if lock:
                rows = rows.select_for_update()
            rows = list(rows.values_list("pk", *names)[:batch_size])
            if not rows:
                return read, written
            for pk, *values in rows:
                changes = {}
                for name, value in zip(names, values, strict=True):
                    new = change(value)
                    if new is not None:
                        changes[name] = new
                if changes:
                    everything.filter(pk=pk).update(**changes)
                    written += 1
            last = rows[-1][0]
            read += len(rows)
        if on_batch:
            on_batch(everything.model, last, read)


def rotate_model(model, names, *, start_after=0, batch_size=500, on_batch=None) -> int:
    """Re-encrypt every value of `names` under the first key; returns the rows done.
    Running it twice does no harm."""

    def again(value):
        # Not `if value`: an empty dict of an encrypted JSON field is ciphertext too.
        return None if value in (None, "") else value

    done, _written = rewrite_rows(
        unscoped(model, reason=Reason.KEY_ROTATION),
        names,
        again,
        start_after=start_after,
        batch_size=batch_size,
        lock=True,
        on_batch=on_batch,
    )
    return done


def unreadable_fields() -> list[str]:
    """Models whose first stored encrypted value no key opens ("app.Model.field").

    A cheap start-up probe: one small query per model with encrypted fields.
    """
    from trackii.privacy.crypto import DecryptionError

    broken = []
    for model, names in encrypted_fields():
        for name in names:
            try:
                unscoped(model, reason=Reason.KEY_ROTATION).exclude(
                    **{f"{name}__isnull": True}
                ).values_list(name, flat=True)[:1].get()
            except model.DoesNotExist:
                continue
            except DecryptionError:
                broken.append(f"{model._meta.label}.{name}")
            break
    return broken


def encrypt_existing_rows(model, names, *, connection) -> int:
    """Encrypt, in place, stored values of `names` that are still plain text.

    For data migrations that turn a plain field into an encrypted one: after the
    AlterField, the column still holds the old plain text. Works on raw columns
    (the historical model cannot decrypt), skips empty and already-encrypted values.
    """
    from trackii.privacy import crypto

    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    done = 0
    for name in names:
        column = connection.ops.quote_name(model._meta.get_field(name).column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {pk}, {column} FROM {table}")  # noqa: S608 -- quoted identifiers
            rows = [(k, v) for k, v in cursor.fetchall() if v and not v.startswith(crypto.PREFIX)]
            for key, value in rows:
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608 -- quoted identifiers
                    [crypto.encrypt(value), key],
                )
            done += len(rows)
    return done


#: The apps whose models the at-rest rule covers: trackii's own (not Django's or libraries').
PROJECT_APP_MODULES = ("dialogues", "participants", "facilitation", "reports", "trackii.")


def project_models() -> list[type]:
    """Every concrete model of trackii's own apps."""
    return [
        model
        for model in apps.get_models()
        if (model._meta.app_config.name + ".").startswith(PROJECT_APP_MODULES)
    ]


def encrypted_field_names(model) -> list[str]:
    """The names of `model`'s encrypted fields: its confidential text (for purges)."""
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def text_fields_in_clear() -> list[str]:
    """ "app_label.Model.field" of every text or JSON field of trackii's own models that is
    not encrypted. tests/privacy/test_fields_at_rest.py compares it with the allow-list."""
    from django.db import models

    found = []
    for model in project_models():
        for f in model._meta.concrete_fields:
            if isinstance(
                f, (models.CharField, models.TextField, models.JSONField)
            ) and not isinstance(f, EncryptedTextField):
                found.append(f"{model._meta.label}.{f.name}")
    return found
