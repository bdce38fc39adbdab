from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Work that spans feature apps: its tasks, its management command, and the one model
    of its own, the team's exports."""

    name = "trackii.workflows"
    label = "workflows"
