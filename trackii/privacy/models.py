"""The privacy core's models: who holds which role where, what is confidential, what happened.

DESIGN.md, "The privacy model", is the specification; each rule below names it.
"""

from django.conf import settings
from django.db import models
from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermission

from trackii.privacy.levels import Level
from trackii.privacy.roles import CONTENT_ROLES, TEAM_ROLES, Role
from trackii.privacy.unscoped import UnscopedQuerySetMixin

DIALOGUE_MODEL = settings.TRACKII_DIALOGUE_MODEL


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)

    def dialogue_ids(self, user, roles):
        """A subquery of the ids of dialogues where `user` holds one of `roles`."""
        return self.for_user(user).filter(role__in=list(roles)).values("dialogue_id")


class Membership(models.Model):
    """One user's one role in one dialogue. No membership, no trace of the dialogue."""

    dialogue = models.ForeignKey(
        DIALOGUE_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "user"], name="one_membership_per_dialogue"
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]
        ordering = ["role", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class DialogueScopedQuerySet(UnscopedQuerySetMixin, models.QuerySet):
    """For dialogue records that carry no level of their own (rounds, venues, fundings...).

    Subclasses say who reads them (`readers`, a set of roles) and how a row
    reaches its dialogue (`dialogue_path`, a lookup path ending at the dialogue).
    visible_to(user) returns the rows of dialogues where the user holds one of
    `readers`; everyone else, anonymous visitors and non-members included, gets
    nothing. One SQL query.
    """

    readers: frozenset = CONTENT_ROLES
    dialogue_path: str = "dialogue"

    def visible_to(self, user):
        dialogue_ids = Membership.objects.dialogue_ids(user, self.readers)
        return self.filter(**{f"{self.dialogue_path}__in": dialogue_ids})


class ConfidentialQuerySet(UnscopedQuerySetMixin, models.QuerySet):
    def visible_to(self, user):
        """Exactly the rows `user` may read. The one chokepoint for confidential content.

        - anonymous, inactive or unknown users: nothing;
        - organizers and facilitators: `reportable`, `dialogue` and `team` items of their dialogues;
        - participants and observers: `reportable` and `dialogue` items of their dialogues;
        - funders: nothing (they read published reports only);
        - `restricted` items: their author, and members granted `view_<model>` on that very
          object through django-guardian, while they still hold a non-funder role in its
          dialogue. Organizers get no implicit access: a grant is the only way in.

        One SQL query, whatever the number of rows or grants: memberships and grants
        are subqueries, never per-row permission checks.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        content = Membership.objects.dialogue_ids(user, CONTENT_ROLES)
        team = Membership.objects.dialogue_ids(user, TEAM_ROLES)
        opts = self.model._meta
        granted = (
            UserObjectPermission.objects.filter(
                user=user,
                permission__codename=f"view_{opts.model_name}",
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
            )
            .annotate(object_id=Cast("object_pk", BigIntegerField()))
            .values("object_id")
        )
        return self.filter(
            Q(level__in=[Level.REPORTABLE, Level.DIALOGUE], dialogue_id__in=content)
            | Q(level=Level.TEAM, dialogue_id__in=team)
            | (
                Q(level=Level.RESTRICTED, dialogue_id__in=content)
                & (Q(author=user) | Q(pk__in=granted))
            )
        )

    def reportable(self):
        """Items that may feed anonymized funder reports. Combine with visible_to, never alone."""
        return self.filter(level=Level.REPORTABLE)


class ConfidentialModel(models.Model):
    """Abstract base of every piece of confidential content (DESIGN.md, "The privacy model").

    Subclasses get their dialogue, level, author and timestamps, and a manager
    whose `visible_to(user)` is the only way views, exports, tasks and reports
    may read them.
    """

    dialogue = models.ForeignKey(
        DIALOGUE_MODEL, on_delete=models.CASCADE, related_name="%(app_label)s_%(class)ss"
    )
    level = models.CharField(
        _("confidentiality"), max_length=12, choices=Level.choices, default=Level.TEAM
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConfidentialQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_restricted(self) -> bool:
        return self.level == Level.RESTRICTED


class AuditEventQuerySet(models.QuerySet):
    def sign_ins_of(self, user):
        """Sign-ins, failed attempts and lockouts of `user`'s account, newest first.

        Shown to the account's owner and to the administrators of the organizations it
        belongs to, never to anyone else.
        A sign-in names the user as actor; a failed attempt or a lockout names the account
        whose address was typed as its object (the address itself is never stored).
        """
        user_label = user._meta.label_lower
        return self.filter(
            Q(action="login", actor=user)
            | Q(
                action__in=["login_failed", "locked_out"],
                object_type=user_label,
                object_id=str(user.pk),
            )
        ).order_by("-created_at", "-id")

    def update(self, **kwargs):
        raise TypeError("Audit events are append-only.")

    def delete(self):
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """An append-only record of something that must be accountable.

    Written for every read of `restricted` content, every export, every
    membership or grant change, every login and failed login. trackii offers
    no way to edit or delete one: save() refuses updates, delete() refuses.
    """

    class Action(models.TextChoices):
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Locked out after failed logins")
        LOGOUT = "logout", _("Logged out")
        MEMBER_ADDED = "member_added", _("Member added")
        MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
        MEMBER_REMOVED = "member_removed", _("Member removed")
        GRANT_ADDED = "grant_added", _("Restricted item granted")
        GRANT_REVOKED = "grant_revoked", _("Restricted item grant revoked")
        RESTRICTED_READ = "restricted_read", _("Restricted item read")
        EXPORT = "export", _("Export")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
        PARTICIPANTS_IMPORTED = "participants_imported", _("Participants imported")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        EMAIL_CHANGE_REQUESTED = "email_change_requested", _("E-mail change asked for")
        EMAIL_CHANGED = "email_changed", _("E-mail address changed")
        SECOND_FACTOR_ENABLED = "second_factor_enabled", _("Second factor turned on")
        SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        PASSKEY_ADDED = "passkey_added", _("Passkey added")
        PASSKEY_REMOVED = "passkey_removed", _("Passkey removed")
        SESSIONS_ENDED = "sessions_ended", _("Other sessions ended")
        USER_DISABLED = "user_disabled", _("Account disabled")
        READING_LINK_CREATED = "reading_link_created", _("Anonymous reading link created")
        REPORT_PUBLISHED = "report_published", _("Report published")
        REPORT_WITHDRAWN = "report_withdrawn", _("Report withdrawn")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        RETENTION_PURGED = "retention_purged", _("Records past retention purged")
        PERSON_EXPORTED = "person_exported", _("Everything about a person exported")
        PERSON_ERASED = "person_erased", _("Person erased")
        FUNDER_ADDED = "funder_added", _("Funder added to the directory")
        FUNDER_LINKED = "funder_linked", _("Account linked to a funder")
        FUNDER_UNLINKED = "funder_unlinked", _("Account unlinked from a funder")
        INVITATION_SENT = "invitation_sent", _("Invitation to an account sent")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation to an account revoked")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation to an account accepted")
        ORG_MEMBER_ADDED = "org_member_added", _("Organization member added")
        ORG_MEMBER_ROLE_CHANGED = "org_member_role_changed", _("Organization role changed")
        ORG_MEMBER_REMOVED = "org_member_removed", _("Organization member removed")
        PARTICIPANT_INVITED_UNVETTED = (
            "participant_invited_unvetted",
            _("Participant invited before vetting"),
        )

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40, choices=Action.choices)
    dialogue = models.ForeignKey(
        DIALOGUE_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The organization an event concerns (set for organization-wide events, and for
    #: dialogue events so that its administrators can follow their members).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    #: Non-confidential detail only (a role name, a count). Never text, names or e-mail.
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["dialogue", "-created_at"]),
            models.Index(fields=["organization", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")
