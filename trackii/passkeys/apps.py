from django.apps import AppConfig


class PasskeysConfig(AppConfig):
    name = "trackii.passkeys"
    label = "passkeys"
    verbose_name = "Passkeys"
    default_auto_field = "django.db.models.BigAutoField"
