from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Work that spans feature apps. No models: an app so that its task and its
    management command are found."""

    name = "trackii.workflows"
    label = "workflows"
