from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def encryption_keys_configured(app_configs, **kwargs):
    from trackii.privacy.crypto import check_keys

    try:
        check_keys()
    except ImproperlyConfigured as exc:
        return [checks.Critical(str(exc), id="trackii.E001")]
    return []


@checks.register(checks.Tags.database)
def encryption_keys_open_stored_data(app_configs, databases=None, **kwargs):
    """Only with --database (and on migrate): reads one stored value per encrypted field."""
    if not databases:
        return []
    from django.db.utils import DatabaseError

    from trackii.privacy.encrypted import unreadable_fields

    try:
        broken = unreadable_fields()
    except (DatabaseError, ImproperlyConfigured):
        return []  # tables not there yet, or E001 already says the keys are missing
    return [
        checks.Critical(
            f"{field} holds text that FIELD_ENCRYPTION_KEYS cannot decrypt: wrong key, or an old "
            "key removed before rotate_encryption_keys finished.",
            id="trackii.E002",
        )
        for field in broken
    ]
