"""Resolving "the dialogue of this request and the user's role in it", once, for every view.

No view checks roles by hand: it declares the roles it serves with
@dialogue_view(roles=...), and receives a DialogueAccess.

- no membership in the dialogue (or no such dialogue): 404, the same answer
  either way, so a URL probe learns nothing (DESIGN.md: "a user with no
  membership sees nothing of that dialogue, not even that it exists");
- a member whose role is not among `roles`: 403, they know the dialogue exists.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from trackii.privacy import roles as R
from trackii.privacy.models import Membership


@dataclass(frozen=True)
class DialogueAccess:
    dialogue: Any
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_organizer(self) -> bool:
        return self.role == R.Role.ORGANIZER

    @property
    def is_team(self) -> bool:
        return self.role in R.TEAM_ROLES

    @property
    def reads_content(self) -> bool:
        """Reads the dialogue's content (notes, options, search): everyone but funders."""
        return self.role in R.CONTENT_ROLES

    @property
    def sees_attribution(self) -> bool:
        return R.sees_attribution(self.role)

    @property
    def sees_protected_identity(self) -> bool:
        return R.sees_protected_identity(self.role)

    def require(self, roles: Iterable[str]) -> None:
        """403 unless this member's role is one of `roles`."""
        if self.role not in set(roles):
            raise PermissionDenied


def resolve_access(user, dialogue_id) -> DialogueAccess:
    """The user's access to one dialogue, in one query; Http404 when they hold no role in it."""
    membership = (
        Membership.objects.for_user(user)
        .select_related("dialogue")
        .filter(dialogue_id=dialogue_id)
        .first()
    )
    if membership is None:
        raise Http404
    return DialogueAccess(dialogue=membership.dialogue, membership=membership)


def dialogue_view(*, roles: Iterable[str] = R.CONTENT_ROLES):
    """Decorate a view taking `dialogue_id`; it is called as view(request, access, **rest)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, dialogue_id, *args, **kwargs):
            access = resolve_access(request.user, dialogue_id)
            access.require(allowed)
            request.access = access
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def require_role(actor, dialogue, roles: Iterable[str]) -> Membership:
    """For services: the actor's membership of `dialogue` (an object or its id) when their
    role is one of `roles`; PermissionDenied for anyone else, members or not."""
    dialogue_id = getattr(dialogue, "pk", dialogue)
    membership = Membership.objects.for_user(actor).filter(dialogue_id=dialogue_id).first()
    if membership is None or membership.role not in set(roles):
        raise PermissionDenied
    return membership


def require_organizer(actor, dialogue) -> Membership:
    """For services: PermissionDenied unless `actor` organizes `dialogue` (object or id)."""
    return require_role(actor, dialogue, {R.Role.ORGANIZER})


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one confidential object inside visible_to(user); 404 if hidden or missing."""
    obj = queryset.visible_to(user).filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
