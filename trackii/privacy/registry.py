"""Which concrete models carry confidential content (subclasses of ConfidentialModel)."""

from django.apps import apps


def confidential_models():
    from trackii.privacy.models import ConfidentialModel

    return [m for m in apps.get_models() if issubclass(m, ConfidentialModel)]
