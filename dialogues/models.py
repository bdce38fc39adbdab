"""Dialogues and what organizers plan around them: sides, theory of change, venues,
rounds, funders and funding."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trackii import i18n
from trackii.privacy.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from trackii.privacy.levels import Level
from trackii.privacy.models import ConfidentialModel, DialogueScopedQuerySet, Membership
from trackii.privacy.roles import TEAM_ROLES, Role

TIME_ZONES = sorted(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    # A validator, not field choices: tz database updates must not need a migration.
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone such as Europe/Vienna."))


class DialogueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Dialogues in which `user` holds any role (funders included: they know the code name).

        A user with no membership gets nothing: the dialogue does not exist for them.
        """
        return self.filter(id__in=Membership.objects.for_user(user).values("dialogue_id"))


class Dialogue(models.Model):
    """One Track II initiative, over many rounds.

    The code name is what trackii shows everywhere; the real title and the
    description of the conflict are for the team (organizers, facilitators).
    """

    class Status(models.TextChoices):
        EXPLORING = "exploring", _("Exploring")
        ACTIVE = "active", pgettext_lazy("dialogue status", "Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class Track(models.TextChoices):
        TRACK_2 = "track2", _("Track 2")
        TRACK_15 = "track1.5", _("Track 1.5 (officials in a private capacity)")

    class Rule(models.TextChoices):
        CHATHAM_HOUSE = (
            "chatham_house",
            _("Chatham House rule: use what is said, never who said it"),
        )
        NO_USE = "no_use", _("Stricter: nothing said may be used outside the dialogue")
        CUSTOM = "custom", _("Custom ground rules (described below)")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="dialogues"
    )
    code_name = models.CharField(
        _("code name"),
        max_length=80,
        help_text=_("Shown everywhere instead of the real title. Choose one that reveals nothing."),
    )
    title = EncryptedCharField(_("real title (team only)"), max_length=200, blank=True)
    description = EncryptedTextField(
        _("conflict and context (team only)"), blank=True, max_length=20_000
    )
    context = EncryptedTextField(
        _("context for everyone in the dialogue"),
        blank=True,
        max_length=5_000,
        help_text=_("What participants and observers may read about the dialogue's purpose."),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.EXPLORING)
    track = models.CharField(max_length=10, choices=Track.choices, default=Track.TRACK_2)
    agreement_rule = models.CharField(
        _("ground rule"), max_length=20, choices=Rule.choices, default=Rule.CHATHAM_HOUSE
    )
    #: The language of the agreement and invitation texts (ParticipantText) that a
    #: participant reads when there is no version in their own language.
    reference_language = models.CharField(
        _("reference language"),
        max_length=8,
        choices=i18n.participant_languages,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Participants whose language has no version of a text read the version in this "
            "language, with a note that it is not available in theirs."
        ),
    )
    agreement_records_access = EncryptedCharField(
        _("who may see records"), max_length=300, blank=True
    )
    agreement_years = models.PositiveSmallIntegerField(
        _("years confidentiality lasts"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    default_level = models.CharField(
        _("default level of what is logged"),
        max_length=12,
        choices=Level.choices,
        default=Level.TEAM,
    )
    k_threshold = models.PositiveSmallIntegerField(
        _("smallest count shown in funder reports"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )
    retention_days = models.PositiveIntegerField(
        _("days records are kept after the dialogue closes"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(36_500)],
        help_text=_(
            "After this many days from closing, notes and identities are purged. "
            "Empty keeps them until an organizer decides."
        ),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DialogueQuerySet.as_manager()

    class Meta:
        ordering = ["code_name"]
        constraints = [
            # Unique within an organization only: a taken code name must not tell one
            # organization that another on the instance uses it.
            models.UniqueConstraint(
                fields=["organization", "code_name"], name="unique_code_name_per_org"
            ),
        ]

    def __str__(self):
        return self.code_name


class SideQuerySet(DialogueScopedQuerySet):
    """Sides are known to everyone who reads content of the dialogue."""


class Side(models.Model):
    """A party or community of the conflict; or the third party (conveners, experts)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="sides")
    name = EncryptedCharField(max_length=80)
    is_third_party = models.BooleanField(_("third party"), default=False)

    objects = SideQuerySet.as_manager()

    class Meta:
        # In the order the organizers entered them: names are encrypted, SQL cannot sort
        # them. Unique names are checked by the services (dialogues/services/dialogues.py).
        ordering = ["is_third_party", "id"]

    def __str__(self):
        return self.name


class ChangeStatement(ConfidentialModel):
    """One "if … then … because …" statement of a dialogue's theory of change.

    Reports are read against these, so a statement keeps its id for life and
    every edit leaves a ChangeStatementRevision behind.
    """

    if_text = EncryptedTextField(_("if"), max_length=2_000)
    then_text = EncryptedTextField(_("then"), max_length=2_000)
    because_text = EncryptedTextField(_("because"), max_length=2_000)
    assumptions = EncryptedTextField(_("assumptions"), blank=True, max_length=5_000)
    indicators = EncryptedTextField(
        _("outcomes that would show it working"), blank=True, max_length=5_000
    )
    position = models.PositiveSmallIntegerField(default=0)
    #: An organizer's choice: funder reports show this statement, by `funder_wording`
    #: only, with its indicators and the evidence of the period. Off until chosen.
    publishable = models.BooleanField(_("publishable in funder reports"), default=False)
    #: What funders read instead of the statement: the if/then/because stays team
    #: content (it may name people, places or a side's position), so organizers write a
    #: wording of its own for funders, and nothing else of the statement reaches a report.
    funder_wording = EncryptedCharField(
        _("wording for funders"), max_length=300, blank=True, default=""
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"Statement #{self.pk}"

    def clean(self):
        if self.publishable and not (self.funder_wording or "").strip():
            raise ValidationError(
                {
                    "funder_wording": _(
                        "Write the wording funders will read before making the statement "
                        "publishable."
                    )
                }
            )


class ChangeStatementRevision(models.Model):
    """The content of a statement before one edit. Append-only history."""

    statement = models.ForeignKey(
        ChangeStatement, on_delete=models.CASCADE, related_name="revisions"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)
    content = EncryptedJSONField()

    class Meta:
        ordering = ["-edited_at", "-id"]

    def __str__(self):
        return f"Revision #{self.pk} of statement #{self.statement_id}"


class IndicatorQuerySet(DialogueScopedQuerySet):
    """Indicators are team records, like the statements they measure: organizers and
    facilitators of the dialogue read them. Funders read only what a report froze."""

    readers = TEAM_ROLES
    dialogue_path = "statement__dialogue"


class Indicator(models.Model):
    """A measure of one theory-of-change statement, with a target: the results framework
    funders ask for. Its name is shown to funders when the statement is publishable.

    Measured either from what the team already records (counted when a report is built)
    or by hand, one IndicatorValue per date.
    """

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase to the target")
        DECREASE = "decrease", _("Decrease to the target")
        REACH = "reach", _("Reach the target exactly")

    class Measure(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        OUTCOMES = "outcomes", _("Outcomes harvested against the statement")
        VERIFIED_OUTCOMES = "verified_outcomes", _("Verified outcomes against the statement")
        TRANSFERS = "transfers", _("Transfers to officials")
        TRUST = "trust", _("Mean trust of a side")

    statement = models.ForeignKey(
        ChangeStatement, on_delete=models.CASCADE, related_name="indicator_set"
    )
    name = EncryptedCharField(_("name (shown to funders)"), max_length=200)
    unit = EncryptedCharField(_("unit"), max_length=40, blank=True)
    measure = models.CharField(
        _("how it is measured"), max_length=20, choices=Measure.choices, default=Measure.MANUAL
    )
    #: CASCADE only reaches here when the whole dialogue goes: removing one side is
    #: refused while any record refers to it (dialogues.services.dialogues.side_remove).
    side = models.ForeignKey(
        Side,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("side (for mean trust)"),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    baseline_on = models.DateField(_("baseline as of"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )
    target_on = models.DateField(_("target date"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["statement_id", "id"]

    def __str__(self):
        return f"Indicator #{self.pk}"

    def clean(self):
        errors = {}
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            errors["target_on"] = _("The target date must come after the baseline date.")
        if self.measure == self.Measure.TRUST and not self.side_id:
            errors["side"] = _("Choose the side whose mean trust this indicator follows.")
        if self.measure != self.Measure.TRUST and self.side_id:
            errors["side"] = _("A side is chosen only for an indicator of mean trust.")
        if (
            self.side_id
            and self.statement_id
            and self.side.dialogue_id != self.statement.dialogue_id
        ):
            errors["side"] = _("That side belongs to another dialogue.")
        if errors:
            raise ValidationError(errors)


class IndicatorValueQuerySet(DialogueScopedQuerySet):
    readers = TEAM_ROLES
    dialogue_path = "indicator__statement__dialogue"


class IndicatorValue(models.Model):
    """A value of a hand-measured indicator as of a date. Append-only: a correction is a
    later value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = EncryptedTextField(_("note (team only)"), blank=True, max_length=2_000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["measured_on", "id"]

    def __str__(self):
        return f"Value #{self.pk} of indicator #{self.indicator_id}"


class TeamQuerySet(DialogueScopedQuerySet):
    readers = TEAM_ROLES


class Venue(models.Model):
    """A candidate place to meet. Where a dialogue meets is for the team until an
    organizer shares a round's venue with its participants."""

    class Kind(models.TextChoices):
        HOTEL = "hotel", _("Hotel")
        RETREAT = "retreat", _("Retreat centre")
        UNIVERSITY = "university", _("University")
        EMBASSY = "embassy", _("Embassy or residence")
        CONFERENCE = "conference", _("Conference centre")
        OTHER = "other", pgettext_lazy("kind of venue", "Other")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="venues")
    name = EncryptedCharField(max_length=160)
    country = EncryptedCharField(max_length=80)
    city = EncryptedCharField(max_length=80)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.HOTEL)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Sessions at this venue are planned in its local time."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity (people)"), validators=[MinValueValidator(1)]
    )
    cost_per_day = models.DecimalField(
        _("cost per day"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR")
    neutrality = models.PositiveSmallIntegerField(
        _("neutrality (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    discretion = models.PositiveSmallIntegerField(
        _("discretion (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    security = models.PositiveSmallIntegerField(
        _("security (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    accessibility = models.PositiveSmallIntegerField(
        _("accessibility (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    notes = EncryptedTextField(blank=True, max_length=5_000)

    objects = TeamQuerySet.as_manager()

    class Meta:
        # Names are encrypted: lists sort them in Python (dialogues/views/venues.py).
        ordering = ["id"]

    def __str__(self):
        return self.name


class VenueSideAccess(models.Model):
    """How people of one side reach one venue: visa, travel time, notes."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="side_access")
    side = models.ForeignKey(Side, on_delete=models.CASCADE, related_name="venue_access")
    visa_needed = models.BooleanField(_("visa needed"), default=False)
    travel_hours = models.DecimalField(
        _("travel time (hours)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    notes = EncryptedCharField(_("visa and travel notes"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["venue", "side"], name="one_access_per_side")
        ]

    def __str__(self):
        return f"{self.venue} for {self.side}"

    def clean(self):
        if self.venue_id and self.side_id and self.venue.dialogue_id != self.side.dialogue_id:
            raise ValidationError(_("That side belongs to another dialogue."))


class RoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rounds `user` may read. One SQL query.

        - organizers, facilitators and observers: every round of their dialogues;
        - participants: the rounds they take part in (a RoundParticipation of the
          Person linked to their account), nothing of the others;
        - funders, non-members, anonymous visitors: none.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        every_round = Membership.objects.dialogue_ids(user, TEAM_ROLES | {Role.OBSERVER})
        # Through reverse relations, so that dialogues imports nothing of participants.
        their_rounds = Round.objects.filter(
            participations__participant__person__user=user,
            dialogue_id__in=Membership.objects.dialogue_ids(user, {Role.PARTICIPANT}),
        ).values("pk")
        return self.filter(models.Q(dialogue_id__in=every_round) | models.Q(pk__in=their_rounds))


class Round(models.Model):
    """One meeting of the dialogue at a venue, over one or more days."""

    class Methodology(models.TextChoices):
        PROBLEM_SOLVING = "problem_solving", _("Problem-solving workshop")
        SUSTAINED = "sustained", _("Sustained dialogue")
        FACT_FINDING = "fact_finding", _("Joint fact-finding")
        SCENARIOS = "scenarios", _("Scenario building")
        SIMULATION = "simulation", _("Simulation")
        CONSULTATION = "consultation", _("Informal consultation")
        OTHER = "other", pgettext_lazy("round methodology", "Other")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="rounds")
    title = EncryptedCharField(max_length=120)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="rounds"
    )
    venue_shared = models.BooleanField(
        _("participants may see the venue"),
        default=False,
        help_text=_("Until then, participants see only the dates and the city."),
    )
    methodology = models.CharField(
        max_length=20, choices=Methodology.choices, default=Methodology.PROBLEM_SOLVING
    )
    objectives = EncryptedTextField(blank=True, max_length=5_000)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="round_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
        if self.venue_id and self.dialogue_id and self.venue.dialogue_id != self.dialogue_id:
            raise ValidationError({"venue": _("That venue belongs to another dialogue.")})

    @property
    def time_zone(self) -> zoneinfo.ZoneInfo:
        """The venue's time zone, in which sessions are planned (UTC without a venue)."""
        return zoneinfo.ZoneInfo(self.venue.time_zone if self.venue_id else "UTC")


class FunderQuerySet(models.QuerySet):
    def for_organization(self, organization):
        """The organization's funder directory. Organizers choose among these only."""
        return self.filter(organization=organization)


class Funder(models.Model):
    """A government, foundation, multilateral or private funder, in one organization's
    directory. Which accounts represent it is recorded per dialogue (FunderContact)."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        FOUNDATION = "foundation", _("Foundation")
        MULTILATERAL = "multilateral", _("Multilateral")
        PRIVATE = "private", _("Private")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="funders"
    )
    name = EncryptedCharField(max_length=160)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    objects = FunderQuerySet.as_manager()

    class Meta:
        # Names are encrypted: SQL can neither sort them nor keep them unique. Lists sort
        # in Python; funder_create refuses a name already in the directory.
        ordering = ["id"]

    def __str__(self):
        return self.name


class FunderContact(models.Model):
    """An account that represents a funder in one dialogue: a member holding the funder
    role there, linked by an organizer. It reads that funder's funding lines of that
    dialogue, and nothing of the funder elsewhere (linking is per dialogue, so no
    organizer of another dialogue can add or take away what it reads here)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="funder_contacts")
    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funder_contacts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "funder", "user"], name="one_contact_per_funder_and_dialogue"
            ),
        ]

    def __str__(self):
        return f"Contact of funder #{self.funder_id} in dialogue #{self.dialogue_id}"


class Funding(models.Model):
    """Money from a funder for a dialogue: amount, period, conditions and the legitimacy risk."""

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        APPLIED = "applied", _("Applied")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", pgettext_lazy("funding status", "Declined")
        ENDED = "ended", _("Ended")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="fundings")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="fundings")
    amount = models.DecimalField(max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROSPECT)
    conditions = EncryptedTextField(blank=True, max_length=5_000)
    spent = models.DecimalField(
        _("spent so far"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("As recorded by an organizer; shown in funder reports against the amount."),
    )
    spent_as_of = models.DateField(_("spending recorded on"), null=True, blank=True)
    legitimacy_risk = EncryptedTextField(
        _("legitimacy risk"),
        blank=True,
        max_length=5_000,
        help_text=_("How each side would see this money, and what it could cost the dialogue."),
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="funding_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.funder} {self.amount} {self.currency}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period cannot end before it starts.")})


class ReportingObligationQuerySet(TeamQuerySet):
    dialogue_path = "funding__dialogue"


class ReportingObligation(models.Model):
    """A report owed to a funder by a date. The dialogue home warns 30 days ahead."""

    funding = models.ForeignKey(Funding, on_delete=models.CASCADE, related_name="obligations")
    description = EncryptedCharField(max_length=200)
    due_on = models.DateField(_("due on"))
    done = models.BooleanField(default=False)

    objects = ReportingObligationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return f"{self.description} (due {self.due_on})"


class ParticipantTextQuerySet(DialogueScopedQuerySet):
    """A dialogue's agreement and invitation texts, every version: `dialogue` level, as the
    agreement always was (everyone who reads the dialogue's content; funders never). A
    participant without an account reads the one shown through their invitation's link."""


class ParticipantText(models.Model):
    """One version of a text participants read, in one language: the confidentiality
    agreement or the invitation text.

    Never edited in place: a change is a new row with the next version number of its kind
    and language (dialogues/services/participant_texts.py), because a consent names the
    version and the fingerprint of the exact text a participant agreed to. An empty text
    means "no version in this language": the participant reads the reference language's.
    """

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Confidentiality agreement")
        INVITATION = "invitation", _("Invitation text")

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="participant_texts"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=8, choices=i18n.participant_languages)
    version = models.PositiveIntegerField()
    text = EncryptedTextField(blank=True, max_length=10_000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantTextQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "kind", "language", "version"],
                name="one_participant_text_per_version",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.language} v{self.version} of dialogue #{self.dialogue_id}"
