from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "trackii.organizations"
    label = "organizations"
    verbose_name = "Organizations"
