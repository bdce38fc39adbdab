from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy core: roles, confidentiality levels, visible_to, grants, audit.

    It imports no feature app. Feature models reach it by subclassing
    ConfidentialModel; it reaches the dialogue model only by the lazy name in
    settings.TRACKII_DIALOGUE_MODEL.
    """

    name = "trackii.privacy"
    label = "privacy"

    def ready(self):
        from trackii.privacy import (  # noqa: F401 -- registers receivers and system checks
            checks,
            signals,
        )
        from trackii.privacy.crypto import check_keys

        # Missing or malformed encryption keys stop the process here, at start,
        # rather than at the first read of confidential text.
        check_keys()
