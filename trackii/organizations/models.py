"""Organizations: the NGO or team that runs dialogues on an instance, and its members.

Several organizations may share one instance and never learn of each other (DESIGN.md,
"Domain words"): every dialogue and every directory several dialogues use (funders)
belongs to one, and nothing about an organization (its name, members, funders,
dialogues) is shown to anyone outside it.

An organization's members hold an organization role. Dialogue roles stay per dialogue
(trackii.privacy.models.Membership): an organization role says who runs the
organization, who may start dialogues in it, and whose account it vouches for.
Participants, funders and observers of its dialogues are not members of it.

People join by invitation only (AccountInvitation): no open sign-up.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trackii.lib.tokens import hash_token
from trackii.privacy.fields import EncryptedCharField, EncryptedEmailField
from trackii.privacy.roles import Role


class OrgRole(models.TextChoices):
    # Least powerful first: forms offer the first one by default.
    MEMBER = "member", _("Member")
    CREATOR = "creator", _("Member who may create dialogues")
    ADMIN = "admin", _("Administrator")


#: Organization roles allowed to start a dialogue in the organization.
CREATOR_ROLES = frozenset({OrgRole.CREATOR, OrgRole.ADMIN})


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organizations `user` is a member of (any organization role). Nothing else, not
        even for members of its dialogues: a participant or funder never learns its name."""
        return self.filter(pk__in=OrganizationMembership.objects.for_user(user).values("org_id"))

    def creatable_by(self, user):
        """Organizations in which `user` may create a dialogue."""
        return self.filter(
            pk__in=OrganizationMembership.objects.for_user(user)
            .filter(role__in=list(CREATOR_ROLES))
            .values("org_id")
        )


class Organization(models.Model):
    """An NGO or team running dialogues. Its name is confidential: it names who convenes."""

    name = EncryptedCharField(_("name"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]  # not by name: names are encrypted, SQL cannot sort them

    def __str__(self):
        return self.name


class OrganizationMembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)


class OrganizationMembership(models.Model):
    """One user's role in one organization."""

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_memberships"
    )
    role = models.CharField(
        _("organization role"), max_length=10, choices=OrgRole.choices, default=OrgRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "user"], name="one_membership_per_org"),
        ]
        ordering = ["org_id", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    @property
    def may_create_dialogues(self) -> bool:
        return self.role in CREATOR_ROLES


class AccountInvitationQuerySet(models.QuerySet):
    def live(self):
        """Invitations that can still be accepted: not accepted, revoked or expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def by_token(self, token: str):
        """The live invitation for a raw token, else none."""
        return self.live().filter(token_hash=hash_token(token))


class AccountInvitation(models.Model):
    """An invitation to join an organization, and with it one dialogue in one role.

    Whether or not an account already uses the address, the person receives the same
    single-use link. The membership (of the organization, and of the dialogue) exists
    only once they accept it: before, nothing in trackii changes for them.

    The link's token is long and random, stored only as a SHA-256 hash, expires, and
    can be revoked; sending it again replaces it, so only the newest link works.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", pgettext_lazy("account invitation state", "Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    org = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    dialogue = models.ForeignKey(
        settings.TRACKII_DIALOGUE_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="account_invitations",
    )
    email = EncryptedEmailField(_("e-mail"), max_length=254)
    #: The role in `dialogue` the person gets on accepting (empty for a colleague invited
    #: to the organization only).
    dialogue_role = models.CharField(
        _("role in the dialogue"), max_length=20, choices=Role.choices, blank=True
    )
    org_role = models.CharField(
        _("organization role"), max_length=10, choices=OrgRole.choices, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccountInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Account invitation #{self.pk}"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return self.State(self.state).label
