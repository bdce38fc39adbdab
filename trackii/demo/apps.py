from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Holds seed_demo. It depends on every feature app; nothing depends on it."""

    name = "trackii.demo"
    label = "demo"
