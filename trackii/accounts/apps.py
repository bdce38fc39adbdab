from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "trackii.accounts"
    label = "accounts"

    def ready(self):
        from trackii.accounts import signals  # noqa: F401 -- connects the session bookkeeping
