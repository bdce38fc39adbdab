from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "trackii.organizations"
    label = "organizations"
    verbose_name = "Organizations"

    def ready(self):
        from django.db.models import Exists

        from trackii.accounts.models import SECOND_FACTOR_MEMBERSHIPS
        from trackii.organizations.models import OrganizationMembership, OrgRole

        def administers(user):
            """An organization's administrators must use a second factor."""
            return Exists(OrganizationMembership.objects.filter(user=user, role=OrgRole.ADMIN))

        if administers.__qualname__ not in {f.__qualname__ for f in SECOND_FACTOR_MEMBERSHIPS}:
            SECOND_FACTOR_MEMBERSHIPS.append(administers)
