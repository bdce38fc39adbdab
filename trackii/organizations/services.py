"""Writes of an organization's membership: roles, removal, deactivating an account.

Each takes the acting user and checks that they administer the organization, so no
caller (view, command, task) can skip the check; each is audited on the organization.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trackii.organizations.access import require_org_admin
from trackii.organizations.models import OrganizationMembership, OrgRole
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent


def _lock_admins(org) -> int:
    """Lock the organization's administrator rows and count them, so that two concurrent
    changes cannot both pass the "last administrator" check."""
    return len(
        list(
            OrganizationMembership.objects.select_for_update()
            .filter(org=org, role=OrgRole.ADMIN)
            .values_list("id", flat=True)
        )
    )


def _refuse_last_admin(membership: OrganizationMembership) -> None:
    if membership.role == OrgRole.ADMIN and _lock_admins(membership.org) <= 1:
        raise ValidationError(
            _(
                "An organization needs at least one administrator. "
                "Make someone else an administrator first."
            )
        )


def org_member_change_role(
    *, actor, membership: OrganizationMembership, role: str, ip: str | None = None
) -> OrganizationMembership:
    """Change a member's organization role. The last administrator cannot be demoted."""
    require_org_admin(actor, membership.org_id)
    if role not in OrgRole.values:
        raise ValidationError({"role": _("Choose one of the listed roles.")})
    if role == membership.role:
        return membership
    with transaction.atomic():
        _refuse_last_admin(membership)
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            action=AuditEvent.Action.ORG_MEMBER_ROLE_CHANGED,
            actor=actor,
            organization=membership.org_id,
            obj=membership,
            ip=ip,
            detail={"user_id": membership.user_id, "from": old, "to": role},
        )
    return membership


def org_member_remove(*, actor, membership: OrganizationMembership, ip: str | None = None) -> None:
    """Take a member out of the organization: they can no longer create dialogues in it nor
    see its pages. Their roles in its dialogues are separate and stay until an organizer
    removes them there (or the account is deactivated). Not the last administrator."""
    require_org_admin(actor, membership.org_id)
    with transaction.atomic():
        _refuse_last_admin(membership)
        audit_record(
            action=AuditEvent.Action.ORG_MEMBER_REMOVED,
            actor=actor,
            organization=membership.org_id,
            obj=membership,
            ip=ip,
            detail={"user_id": membership.user_id, "role": membership.role},
        )
        membership.delete()


def account_deactivate(*, actor, membership: OrganizationMembership, ip: str | None = None) -> None:
    """Deactivate the account of a member of the organization: it can no longer log in,
    and all its sessions end now (User.save ends them).

    Only for an account that belongs to this organization alone: an account that another
    organization also vouches for is not this organization's to switch off (remove it
    from the organization instead). Never one's own account, so that an administrator
    cannot lock the organization out by mistake.
    """
    require_org_admin(actor, membership.org_id)
    user = membership.user
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account here."))
    if OrganizationMembership.objects.filter(user=user).exclude(org_id=membership.org_id).exists():
        raise ValidationError(
            _(
                "This account is also used outside your organization, so it cannot be "
                "deactivated here. Remove it from your organization instead."
            )
        )
    if not user.is_active:
        return
    with transaction.atomic():
        _refuse_last_admin(membership)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            action=AuditEvent.Action.USER_DISABLED,
            actor=actor,
            organization=membership.org_id,
            obj=user,
            ip=ip,
        )
