from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from trackii import i18n
from trackii.privacy.fields import EncryptedCharField

#: Other kinds of membership that make a user someone who must use a second factor, each
#: a function of OuterRef("pk") (the user) answering an Exists(). The privacy core's
#: dialogue memberships are built in; an app that defines another kind (organizations:
#: administrators) adds its own in its AppConfig.ready(), so accounts imports no app
#: that builds on it.
SECOND_FACTOR_MEMBERSHIPS: list = []


class UserQuerySet(models.QuerySet):
    def with_second_factor_state(self):
        """Annotate what the second-factor checks of every request need, in the same query.

        `is_team_member`: organizer or facilitator of some dialogue, or administrator of an
        organization (they must use a second factor); `totp_device_id` / `static_device_id` /
        `passkey_device_id`: the user's confirmed authenticator app, recovery-code set and
        latest passkey, or None. Loading the
        user for a request through this (see trackii.accounts.backends) keeps those checks free
        of extra queries.
        """
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from trackii.passkeys.models import Passkey
        from trackii.privacy.models import Membership
        from trackii.privacy.roles import TEAM_ROLES

        def confirmed(model):
            return Subquery(
                model.objects.filter(user=OuterRef("pk"), confirmed=True)
                .order_by("-pk")
                .values("pk")[:1]
            )

        team_member = Exists(Membership.objects.filter(user=OuterRef("pk"), role__in=TEAM_ROLES))
        for membership in SECOND_FACTOR_MEMBERSHIPS:
            team_member |= membership(OuterRef("pk"))
        return self.annotate(
            is_team_member=team_member,
            totp_device_id=confirmed(TOTPDevice),
            static_device_id=confirmed(StaticDevice),
            passkey_device_id=confirmed(Passkey),
        )


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Log-in by e-mail is case-insensitive: addresses are stored lower-cased.
        return self.get(**{self.model.USERNAME_FIELD: (username or "").lower()})


class User(AbstractUser):
    """A person who logs in to trackii, identified by e-mail.

    A user is nobody in particular until a Membership gives them a role in a
    dialogue; trackii shows them nothing of dialogues they hold no role in.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = EncryptedCharField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("How colleagues in your dialogues see you. Leave blank to show your e-mail."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=i18n.app_languages,
        help_text=_("The language trackii speaks to you in. Leave blank to follow your browser."),
    )
    # A change of the login address that waits for the new address to confirm it
    # (trackii.accounts.services.user_email_change_request). Only the hash of the link's
    # token is kept; the link works from `pending_email_sent_at` for EMAIL_CHANGE_TIMEOUT.
    pending_email = models.EmailField(_("new e-mail address, not yet confirmed"), blank=True)
    pending_email_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    pending_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return str(self)

    def get_short_name(self):
        return str(self)

    def save(self, *args, **kwargs):
        self.email = (self.email or "").lower()
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding and not self.is_active:
            # A disabled account keeps no session, however it was disabled (the
            # user_disable service, a shell, a data migration): all of them end here.
            from trackii.accounts.services import sessions_end

            sessions_end(user=self)


class UserSession(models.Model):
    """One logged-in session of a user, so that their sessions can be listed and ended.

    Kept in step with logins and logouts (trackii.accounts.signals). The session itself
    lives in Django's session store; a row whose session has expired is harmless and
    is left out of every listing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"Session of user #{self.user_id} since {self.created:%Y-%m-%d %H:%M}"


class EmailChangeNotice(models.Model):
    """A notice owed to the address a user logged in with until they changed it.

    The Celery task that sends it takes this row's id (tasks carry ids only, and the
    user's row no longer holds the old address), and deletes the row once the notice is
    sent: the old address is kept no longer than that.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    old_email = models.EmailField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Notice of a changed address to user #{self.user_id}"


class ReminderKind(models.TextChoices):
    """The kinds of reminder in the daily e-mail (trackii/workflows/reminders.py)."""

    REPORTS = "reports", _("Reports due to funders")
    TRANSFERS = "transfers", _("Follow-ups of transfers that fall due")
    INVITATIONS = "invitations", _("Invitations with no answer after a week")
    CONSENT = "consent", _("Consent withdrawn by a participant")
    READINGS = "readings", _("Your sessions with no trust reading")
    REFLECTIONS = "reflections", _("Your rounds with no reflection from you")


class ReminderOptOut(models.Model):
    """A kind of reminder a user chose not to get. Everyone gets every kind until they say."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_opt_out_per_kind")
        ]

    def __str__(self):
        return f"{self.user_id} opts out of {self.kind}"


class ReminderDigest(models.Model):
    """That a user's daily reminder e-mail for `day` went out, so a repeated run (a retry,
    a second beat) sends it once. It holds no content."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")
        ]

    def __str__(self):
        return f"Reminders for {self.user_id} on {self.day}"
