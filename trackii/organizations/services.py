"""Invitations to an account: the only way people join an organization and its dialogues.

Who acts:
- an organizer of a dialogue invites someone into it, in a dialogue role; an administrator
  of an organization invites a colleague into the organization, in an organization role.
  Both can send the link again or revoke it;
- the invited person accepts, with the account that uses the invited address, or by
  making that account from the link.

What an inviter learns: nothing about accounts. Inviting an address answers the same, and
does the same work (the same queries, the same task), whether or not an account uses it;
only what the inviter can see already (the dialogue's members, the organization's
members) is refused. Nothing changes for the invited person until they accept: the
membership is made then, by them.

The link's token: made by the task that sends the e-mail, so that the broker and the
outbox carry ids only (trackii.outbox); trackii keeps its SHA-256 only. Sending again
replaces it (the older link dies at once, before the new e-mail is even sent); accepting
uses it up; revoking or expiry kills it.

Writes of an organization's membership: roles, removal, deactivating an account.

Each takes the acting user and checks that they administer the organization, so no
caller (view, command, task) can skip the check; each is audited on the organization.
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trackii.lib.last_holder import refuse_losing_the_last
from trackii.lib.tokens import hash_token, new_token
from trackii.organizations.access import require_org_admin
from trackii.organizations.models import (
    AccountInvitation,
    Organization,
    OrganizationMembership,
    OrgRole,
)
from trackii.privacy.access import require_organizer
from trackii.privacy.audit import audit_record
from trackii.privacy.models import AuditEvent, Membership
from trackii.privacy.roles import TEAM_ROLES, Role

logger = logging.getLogger(__name__)


# --- helpers -------------------------------------------------------------------


def _clean_email(email: str) -> str:
    """The address as trackii stores addresses (trimmed, lower-cased), or a ValidationError."""
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from None
    if len(address) > 254:
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    return address


def _require_manager(actor, invitation: AccountInvitation) -> None:
    """Organizers of the invitation's dialogue manage a dialogue invitation; administrators
    of the organization manage an invitation to the organization alone."""
    if invitation.dialogue_id is not None:
        require_organizer(actor, invitation.dialogue_id)
    else:
        require_org_admin(actor, invitation.org_id)


def _fresh_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.ACCOUNT_INVITATION_DAYS)


def _unsent_token_hash() -> str:
    """The hash of a token nobody ever sees. Stored until the task makes the token it
    e-mails (the field holds a hash at all times, and unique): any link made before dies."""
    return hash_token(new_token())


def _enqueue_send(invitation: AccountInvitation) -> None:
    """Send the e-mail once the transaction has committed, by id only: through the outbox,
    so a broker outage leaves the message waiting instead of failing the page."""
    from trackii.organizations import tasks
    from trackii.outbox.services import outbox_enqueue

    outbox_enqueue(tasks.account_invitation_send, invitation.pk)


def _audit(action, *, actor, invitation: AccountInvitation, ip, **detail):
    """An audit event about an invitation: ids and role names only, never the address."""
    audit_record(
        action=action,
        actor=actor,
        dialogue=invitation.dialogue,
        organization=invitation.org_id,
        obj=invitation,
        ip=ip,
        detail={"invitation_id": invitation.pk, **detail},
    )


# --- inviting ------------------------------------------------------------------


def account_invitation_create(
    *,
    actor,
    org: Organization,
    email: str,
    dialogue=None,
    dialogue_role: str = "",
    org_role: str = "",
    ip: str | None = None,
) -> AccountInvitation:
    """Invite `email` into `dialogue` as `dialogue_role` (organizers of the dialogue), or,
    without a dialogue, into `org` as `org_role` (administrators of the organization).

    The answer never depends on whether an account uses the address (DESIGN.md: a user
    with no membership sees nothing, not even who has an account). Refused only for what
    the inviter already sees: a member of the dialogue (or of the organization). A live
    invitation of the same address to the same place is revoked and replaced.
    Team roles (organizer, facilitator) also make the person a member of the
    organization when they accept.
    """
    if dialogue is not None:
        require_organizer(actor, dialogue)
        if dialogue.organization_id != org.pk:
            raise PermissionDenied
        if dialogue_role not in Role.values:
            raise ValidationError({"role": _("Choose one of the listed roles.")})
        org_role = OrgRole.MEMBER if dialogue_role in TEAM_ROLES else ""
    else:
        require_org_admin(actor, org)
        if org_role not in OrgRole.values:
            raise ValidationError({"role": _("Choose one of the listed roles.")})
        dialogue_role = ""
    address = _clean_email(email)
    invitation = AccountInvitation(
        org=org,
        dialogue=dialogue,
        email=address,
        dialogue_role=dialogue_role,
        org_role=org_role,
        token_hash=_unsent_token_hash(),
        created_by=actor,
        expires_at=_fresh_expiry(),
    )
    invitation.full_clean()
    with transaction.atomic():
        # The one check that looks at accounts, answered from what the inviter sees: the
        # member list. One query, whether or not an account uses the address.
        if dialogue is not None:
            taken = Membership.objects.filter(dialogue=dialogue, user__email=address).exists()
            message = _("This person is already a member; change their role in the list instead.")
        else:
            taken = OrganizationMembership.objects.filter(org=org, user__email=address).exists()
            message = _("This person is already a member of the organization.")
        if taken:
            raise ValidationError({"email": message})
        # Addresses are encrypted at rest: compare them here, not in SQL. Locked, so two
        # invitations sent at once cannot both stay live.
        same_place = (
            AccountInvitation.objects.live().select_for_update().filter(org=org, dialogue=dialogue)
        )
        replaced = [old for old in same_place if old.email.lower() == address]
        invitation.save()
        now = timezone.now()
        for old in replaced:
            old.revoked_at = now
            old.save(update_fields=["revoked_at"])
            _audit(
                AuditEvent.Action.INVITATION_REVOKED,
                actor=actor,
                invitation=old,
                ip=ip,
                replaced_by=invitation.pk,
            )
        _audit(
            AuditEvent.Action.INVITATION_SENT,
            actor=actor,
            invitation=invitation,
            ip=ip,
            role=dialogue_role,
            org_role=org_role,
        )
        _enqueue_send(invitation)
    return invitation


def account_invitation_resend(
    *, actor, invitation: AccountInvitation, ip: str | None = None
) -> AccountInvitation:
    """Send a fresh link that works for another ACCOUNT_INVITATION_DAYS; the older link
    stops working at once. Also for an expired invitation; not for an accepted or revoked one."""
    _require_manager(actor, invitation)
    with transaction.atomic():
        invitation = AccountInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None or invitation.revoked_at is not None:
            raise ValidationError(
                _("This invitation was accepted or revoked. Send a new invitation instead.")
            )
        invitation.token_hash = _unsent_token_hash()
        invitation.expires_at = _fresh_expiry()
        invitation.sent_at = None
        invitation.save(update_fields=["token_hash", "expires_at", "sent_at"])
        _audit(
            AuditEvent.Action.INVITATION_SENT,
            actor=actor,
            invitation=invitation,
            ip=ip,
            role=invitation.dialogue_role,
            org_role=invitation.org_role,
            resend=True,
        )
        _enqueue_send(invitation)
    return invitation


def account_invitation_revoke(
    *, actor, invitation: AccountInvitation, ip: str | None = None
) -> AccountInvitation:
    """Withdraw an invitation: its link answers 404 from now on. An accepted one is not
    revoked (remove the member instead); revoking twice changes nothing."""
    _require_manager(actor, invitation)
    with transaction.atomic():
        invitation = AccountInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("This invitation was accepted already. Remove the member instead.")
            )
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
            _audit(AuditEvent.Action.INVITATION_REVOKED, actor=actor, invitation=invitation, ip=ip)
    return invitation


# --- a new organization ----------------------------------------------------------


def organization_start(*, name: str, admin_email: str) -> tuple[Organization, str]:
    """Start an organization on this instance, with its first administrator invited by a
    link: what `manage.py create_organization` does, for the operator of a new instance
    (there is no one yet to invite from the browser). Returns the organization and the
    link's raw token, for the operator to pass on; trackii keeps its hash only.

    The administrator accepts like anyone invited (/join/<token>/): they set their name
    and password, or log in with the account that uses the address, and enrol a second
    factor before anything else. Audited as an invitation sent by nobody (the operator).
    """
    address = _clean_email(admin_email)
    organization = Organization(name=(name or "").strip())
    organization.full_clean()
    token = new_token()
    with transaction.atomic():
        organization.save()
        invitation = AccountInvitation(
            org=organization,
            email=address,
            org_role=OrgRole.ADMIN,
            token_hash=hash_token(token),
            created_by=None,
            sent_at=timezone.now(),
            expires_at=_fresh_expiry(),
        )
        invitation.full_clean(exclude=["created_by"])  # nobody in trackii sent it
        invitation.save()
        _audit(
            AuditEvent.Action.INVITATION_SENT,
            actor=None,
            invitation=invitation,
            ip=None,
            org_role=OrgRole.ADMIN,
        )
    return organization, token


# --- the e-mail (run by the Celery task) -----------------------------------------


def account_invitation_deliver(*, invitation_id: int) -> str:
    """Make the link's token, store its hash and e-mail the link. Run by the Celery task.

    Returns what happened ("sent", "missing", "not-live"), never a secret. The hash is
    stored in the same transaction as the e-mail is sent: if sending fails, the
    transaction rolls back and the task is retried.
    """
    with transaction.atomic():
        invitation = (
            AccountInvitation.objects.select_for_update(of=("self",))
            .select_related("org", "dialogue", "created_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            logger.info("account invitation %s: not sent, it no longer exists", invitation_id)
            return "missing"
        if invitation.state != AccountInvitation.State.PENDING:
            logger.info("account invitation %s: not sent, it is no longer live", invitation_id)
            return "not-live"
        token = new_token()
        invitation.token_hash = hash_token(token)
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["token_hash", "sent_at"])
        _invitation_email(invitation, token).send()
    logger.info("account invitation %s: sent", invitation_id)
    return "sent"


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("organizations:invitation-accept", kwargs={"token": token})


def _invitation_email(invitation: AccountInvitation, token: str) -> EmailMessage:
    """The e-mail: the dialogue by its code name only (never its title), the
    organization's name only for an invitation to the organization, the role, who
    invited, the link and until when it works."""
    dialogue = invitation.dialogue
    context = {
        "code_name": dialogue.code_name if dialogue is not None else "",
        "org_name": invitation.org.name if dialogue is None else "",
        "role": (
            invitation.get_dialogue_role_display()
            if dialogue is not None
            else invitation.get_org_role_display()
        ),
        "inviter": str(invitation.created_by) if invitation.created_by else "",
        "expires_at": invitation.expires_at,
        "link": invitation_link(token),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("email/account_invitation_subject.txt", context)
        body = render_to_string("email/account_invitation_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[invitation.email])


# --- the invited person --------------------------------------------------------


def account_invitation_for_token(token: str) -> AccountInvitation | None:
    """The live invitation the raw `token` opens, or None. Whoever holds the token is the
    invited person as far as the link goes; accepting also needs their account."""
    if not token or len(token) > 128:
        return None
    return AccountInvitation.objects.by_token(token).select_related("org", "dialogue").first()


def invitation_is_for(invitation: AccountInvitation, user) -> bool:
    """Whether `user` is who the invitation was sent to: the same address, any case."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.email or "").lower() == invitation.email.lower()
    )


def account_invitation_accept(
    *, invitation: AccountInvitation, user, ip: str | None = None
) -> AccountInvitation:
    """`user` accepts: they get the dialogue role (unless they hold one in it already,
    which is kept), and a membership of the organization for an invitation to it or for a
    team role in the dialogue (unless they have one). Single use.

    PermissionDenied when the invitation is no longer live or is for another address.
    """
    if not invitation_is_for(invitation, user):
        raise PermissionDenied
    with transaction.atomic():
        invitation = (
            AccountInvitation.objects.live()
            .select_for_update(of=("self",))
            .select_related("org", "dialogue")
            .filter(pk=invitation.pk)
            .first()
        )
        if invitation is None:  # used, revoked or expired since it was read
            raise PermissionDenied
        role = None
        if invitation.dialogue is not None:
            membership, created = Membership.objects.get_or_create(
                dialogue=invitation.dialogue,
                user=user,
                defaults={"role": invitation.dialogue_role},
            )
            role = membership.role
            if created:
                audit_record(
                    action=AuditEvent.Action.MEMBER_ADDED,
                    actor=user,
                    dialogue=invitation.dialogue,
                    obj=membership,
                    ip=ip,
                    detail={
                        "user_id": user.pk,
                        "role": membership.role,
                        "invitation_id": invitation.pk,
                    },
                )
        org_role = invitation.org_role if invitation.dialogue is None else OrgRole.MEMBER
        if invitation.dialogue is None or role in TEAM_ROLES:
            org_membership, created = OrganizationMembership.objects.get_or_create(
                org=invitation.org, user=user, defaults={"role": org_role}
            )
            if created:
                audit_record(
                    action=AuditEvent.Action.ORG_MEMBER_ADDED,
                    actor=user,
                    organization=invitation.org,
                    obj=org_membership,
                    ip=ip,
                    detail={
                        "user_id": user.pk,
                        "role": org_membership.role,
                        "invitation_id": invitation.pk,
                    },
                )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _audit(
            AuditEvent.Action.INVITATION_ACCEPTED,
            actor=user,
            invitation=invitation,
            ip=ip,
            user_id=user.pk,
        )
    return invitation


ACCOUNT_EXISTS = gettext_lazy(
    "An account already uses this address. Log in with it to accept the invitation."
)


def account_create_from_invitation(
    *, invitation: AccountInvitation, display_name: str, password: str, ip: str | None = None
):
    """Make the account of the invited address (no one else's), then accept with it.

    The person holds the link: telling them an account exists already reveals nothing
    to anyone else. The password goes through the project's validators.
    """
    User = get_user_model()
    user = User(email=invitation.email.strip().lower(), display_name=(display_name or "").strip())
    if User.objects.filter(email=user.email).exists():
        raise ValidationError(ACCOUNT_EXISTS)
    try:
        validate_password(password, user=user)
    except ValidationError as e:
        raise ValidationError({"password": e.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password", "email"])
    with transaction.atomic():
        if not AccountInvitation.objects.live().filter(pk=invitation.pk).exists():
            raise PermissionDenied
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # made a moment ago by another request
            raise ValidationError(ACCOUNT_EXISTS) from None
        account_invitation_accept(invitation=invitation, user=user, ip=ip)
    return user


def _refuse_last_admin(membership: OrganizationMembership) -> None:
    refuse_losing_the_last(
        OrganizationMembership.objects.filter(org=membership.org, role=OrgRole.ADMIN),
        is_holder=membership.role == OrgRole.ADMIN,
        message=_(
            "An organization needs at least one administrator. "
            "Make someone else an administrator first."
        ),
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
