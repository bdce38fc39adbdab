"""Resolving "the organization of this request and the user's role in it", once per view.

The same answers as trackii.privacy.access for dialogues: someone who is not a member of
the organization (or asks for one that does not exist) gets 404, the same either way, so
two organizations on one instance cannot learn of each other; a member whose role may not
use the page gets 403.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trackii.organizations.models import Organization, OrganizationMembership, OrgRole


@dataclass(frozen=True)
class OrgAccess:
    org: Organization
    membership: OrganizationMembership


def resolve_org_access(user, org_id) -> OrgAccess:
    """The user's access to one organization, in one query; Http404 when not a member."""
    membership = (
        OrganizationMembership.objects.for_user(user)
        .select_related("org")
        .filter(org_id=org_id)
        .first()
    )
    if membership is None:
        raise Http404
    return OrgAccess(org=membership.org, membership=membership)


def org_view(*, roles: Iterable[str] = (OrgRole.ADMIN,)):
    """Decorate a view taking `org_id`; it is called as view(request, access, **rest)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, org_id, *args, **kwargs):
            access = resolve_org_access(request.user, org_id)
            if access.membership.role not in allowed:
                raise PermissionDenied
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def require_org_admin(actor, org) -> OrganizationMembership:
    """For services: the actor's membership when they administer `org`, else PermissionDenied."""
    membership = (
        OrganizationMembership.objects.for_user(actor)
        .filter(org_id=getattr(org, "pk", org), role=OrgRole.ADMIN)
        .first()
    )
    if membership is None:
        raise PermissionDenied
    return membership
