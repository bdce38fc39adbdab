"""Writes of the privacy core: memberships and restricted grants. Each is audited.

Services take the acting user and check the permission they need themselves,
so no caller (view, command, task) can skip the check.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from trackii.lib.last_holder import refuse_losing_the_last
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import CONTENT_ROLES, Role


def _refuse_last_organizer(membership: Membership) -> None:
    refuse_losing_the_last(
        Membership.objects.filter(dialogue=membership.dialogue, role=Role.ORGANIZER),
        is_holder=membership.role == Role.ORGANIZER,
        message=_("A dialogue needs at least one organizer. Make someone else an organizer first."),
    )


def membership_add(*, actor, dialogue, email: str, role: str, ip: str | None = None) -> Membership:
    """Give the account with `email` a role in `dialogue`. Organizers only."""
    require_organizer(actor, dialogue)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ValidationError(
            {
                "email": _(
                    "No active trackii account uses this address. Ask its owner to get one first."
                )
            }
        )
    with transaction.atomic():
        if Membership.objects.filter(dialogue=dialogue, user=user).exists():
            raise ValidationError(
                {
                    "email": _(
                        "This person is already a member; change their role in the list instead."
                    )
                }
            )
        membership = Membership.objects.create(dialogue=dialogue, user=user, role=role)
        audit_record(
            action=AuditEvent.Action.MEMBER_ADDED,
            actor=actor,
            dialogue=dialogue,
            obj=membership,
            ip=ip,
            detail={"user_id": user.pk, "role": role},
        )
    return membership


def membership_change_role(
    *, actor, membership: Membership, role: str, ip: str | None = None
) -> Membership:
    """Change a member's role. The last organizer cannot be demoted."""
    require_organizer(actor, membership.dialogue)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    if role == membership.role:
        return membership
    with transaction.atomic():
        _refuse_last_organizer(membership)
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        if role not in CONTENT_ROLES:
            _revoke_all_grants(membership)
        audit_record(
            action=AuditEvent.Action.MEMBER_ROLE_CHANGED,
            actor=actor,
            dialogue=membership.dialogue,
            obj=membership,
            ip=ip,
            detail={"user_id": membership.user_id, "from": old, "to": role},
        )
    return membership


def membership_remove(*, actor, membership: Membership, ip: str | None = None) -> None:
    """Remove a member: they lose every view of the dialogue at once. Not the last organizer."""
    require_organizer(actor, membership.dialogue)
    with transaction.atomic():
        _refuse_last_organizer(membership)
        _revoke_all_grants(membership)
        audit_record(
            action=AuditEvent.Action.MEMBER_REMOVED,
            actor=actor,
            dialogue=membership.dialogue,
            obj=membership,
            ip=ip,
            detail={"user_id": membership.user_id, "role": membership.role},
        )
        membership.delete()


def _revoke_all_grants(membership: Membership) -> None:
    """Drop a member's object permissions on the dialogue's restricted items.

    visible_to already ignores grants of non-members and funders; deleting the
    rows as well means a later re-admission does not silently restore them.
    """
    from guardian.models import UserObjectPermission

    from trackii.privacy.registry import confidential_models

    for model in confidential_models():
        ids = model.objects.filter(dialogue=membership.dialogue).values_list("pk", flat=True)
        UserObjectPermission.objects.filter(
            user=membership.user,
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_pk__in=[str(i) for i in ids],
        ).delete()


def _view_perm(obj) -> str:
    return f"{obj._meta.app_label}.view_{obj._meta.model_name}"


def can_manage_grants(actor, obj) -> bool:
    """The author of a restricted item, or an organizer who can read it, manages its grants."""
    if not obj.is_restricted:
        return False
    if obj.author_id == actor.pk:
        return True
    membership = Membership.objects.for_user(actor).filter(dialogue_id=obj.dialogue_id).first()
    return (
        membership is not None
        and membership.role == Role.ORGANIZER
        and type(obj).objects.visible_to(actor).filter(pk=obj.pk).exists()
    )


def grantees(obj):
    """Users explicitly granted `obj` (for its access page)."""
    return get_users_with_perms(
        obj, only_with_perms_in=[f"view_{obj._meta.model_name}"], with_superusers=False
    )


def restricted_grant(*, actor, obj, user, ip: str | None = None) -> None:
    """Let `user` read the restricted item `obj`. They must read content in its dialogue."""
    if obj.level != Level.RESTRICTED:
        raise ValidationError(_("Only restricted items are granted one by one."))
    if not can_manage_grants(actor, obj):
        raise PermissionDenied
    membership = Membership.objects.filter(dialogue_id=obj.dialogue_id, user=user).first()
    if membership is None or membership.role not in CONTENT_ROLES:
        raise ValidationError(
            _(
                "Restricted items can be granted only to organizers, facilitators, participants "
                "or observers of this dialogue."
            )
        )
    with transaction.atomic():
        assign_perm(_view_perm(obj), user, obj)
        audit_record(
            action=AuditEvent.Action.GRANT_ADDED,
            actor=actor,
            dialogue=obj.dialogue,
            obj=obj,
            ip=ip,
            detail={"user_id": user.pk},
        )


def restricted_revoke(*, actor, obj, user, ip: str | None = None) -> None:
    if not can_manage_grants(actor, obj):
        raise PermissionDenied
    with transaction.atomic():
        remove_perm(_view_perm(obj), user, obj)
        audit_record(
            action=AuditEvent.Action.GRANT_REVOKED,
            actor=actor,
            dialogue=obj.dialogue,
            obj=obj,
            ip=ip,
            detail={"user_id": user.pk},
        )
