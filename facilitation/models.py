from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import Participant
from trackii.lib.tokens import hash_token
from trackii.privacy.fields import EncryptedCharField, EncryptedTextField
from trackii.privacy.levels import Level
from trackii.privacy.models import (
    ConfidentialModel,
    ConfidentialQuerySet,
    DialogueScopedQuerySet,
    Membership,
)
from trackii.privacy.roles import TEAM_ROLES, Role


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the rounds `user` may read (Round.objects.visible_to): the team
        and observers all of them, participants those of their own rounds. One query."""
        from dialogues.models import Round

        return self.filter(round__in=Round.objects.visible_to(user).values("pk"))

    def writable_by(self, user):
        """The sessions `user` may write into, by any path (the console's entries, edits,
        tidying and readings, the notes page, a queue replay, reading links, closing):

        - organizers: every session of the dialogues they organize;
        - facilitators: the sessions they are listed on, in a dialogue they facilitate;
        - everyone else (other facilitators of the dialogue, who read the console without
          writing; participants, observers, funders; non-members; anonymous): none.

        Whether a session still takes new content is `open()`; a closed one takes edits
        and tidying only (docs/facilitation.md, "Closing and tidying"). One query."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organizes = Membership.objects.dialogue_ids(user, {Role.ORGANIZER})
        facilitates = Membership.objects.dialogue_ids(user, {Role.FACILITATOR})
        listed = Session.facilitators.through.objects.filter(
            session_id=models.OuterRef("pk"), user_id=user.pk
        )
        return self.filter(
            models.Q(round__dialogue_id__in=organizes)
            | models.Q(models.Exists(listed), round__dialogue_id__in=facilitates)
        )

    def open(self):
        """Sessions not closed: the only ones that take new entries and readings."""
        return self.filter(closed_at__isnull=True)

    def overlapping(self, *, users, starts_at, ends_at):
        """Sessions of any of `users` that overlap [starts_at, ends_at)."""
        return self.filter(
            facilitators__in=users, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).distinct()


class Session(models.Model):
    """One block of a round (a morning, a working group) with its own facilitators."""

    class Format(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        WORKING_GROUP = "working_group", _("Working group")
        INFORMAL = "informal", _("Informal")

    round = models.ForeignKey("dialogues.Round", on_delete=models.CASCADE, related_name="sessions")
    title = EncryptedCharField(max_length=160)
    agenda_item = EncryptedTextField(_("agenda item"), blank=True, max_length=2_000)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.PLENARY)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions"
    )
    #: The session's change counter for the live console: bumped (in the same transaction)
    #: by every write to the session's entries, so "anything new?" is one indexed read.
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if self.round_id and self.starts_at and self.ends_at:
            tz = self.round.time_zone
            first = self.starts_at.astimezone(tz).date()
            last = self.ends_at.astimezone(tz).date()
            if first < self.round.starts_on or last > self.round.ends_on:
                raise ValidationError(
                    _("The session must fall within the round's days (%(first)s to %(last)s).")
                    % {"first": self.round.starts_on, "last": self.round.ends_on}
                )


def _one_row_per_client_key(model: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["session", "client_key"], name=f"{model}_one_row_per_client_key"
    )


def _feed_index(model: str) -> models.Index:
    return models.Index(fields=["session", "session_rev"], name=f"{model}_feed")


class LiveEntry(models.Model):
    """What the live console needs of every kind of entry (docs/facilitation.md).

    - `client_key`: a UUID the browser picks before the first try. A retry of the same entry
      (lost answer, offline queue) carries the same key; the unique constraint per session
      means it finds the stored row instead of making a second one.
    - `version`: 1 on creation, +1 on every edit. An edit names the version it started from;
      a mismatch is a conflict shown to the editor, never a silent overwrite.
    - `session_rev`: the session's `revision` at this entry's last write, so a poll asks
      for "entries with session_rev > what I have".
    """

    client_key = models.UUIDField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    session_rev = models.PositiveBigIntegerField(default=0, editable=False)
    tags = EncryptedCharField(
        _("tags"),
        max_length=300,
        blank=True,
        help_text=_("Free tags, separated by commas."),
    )

    class Meta:
        abstract = True

    def clean(self):
        """An entry's session, if it has one, is in the entry's own dialogue."""
        if (
            self.session_id
            and self.dialogue_id
            and self.session.round.dialogue_id != self.dialogue_id
        ):
            raise ValidationError(_("The session belongs to another dialogue."))

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class NoteQuerySet(ConfidentialQuerySet):
    def with_speakers(self, user):
        """Joined with the speaker (participant, person, side), and `speaker_shown`: whether
        `user` may see that participant at all (Participant.objects.visible_to), so a
        speaker never reveals a participant hidden from the reader. One query."""
        return self.select_related(
            "speaker_side", "speaker_participant__person", "speaker_participant__side"
        ).annotate(
            speaker_shown=models.Exists(
                Participant.objects.visible_to(user).filter(
                    pk=models.OuterRef("speaker_participant_id")
                )
            )
        )


class Note(ConfidentialModel, LiveEntry):
    """What a facilitator logs in a session. Unattributed by default (Chatham House rule).

    The speaker, if recorded at all, the speaker's side and the author are attribution:
    shown to organizers and facilitators only, whatever the note's level.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"), max_length=10_000)
    speaker_side = models.ForeignKey(
        "dialogues.Side",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker's side (team only)"),
    )
    #: Who spoke: one of the participants of the session's round, shown through
    #: `shown_name(role)` (a protected participant by pseudonym). Set through
    #: facilitation.entries.note_speaker only.
    speaker_participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker (team only)"),
    )
    #: A speaker typed as free text before speakers were chosen among the participants
    #: (migration 0011), kept when it matched nobody. Nothing new is written here; an
    #: edit may only correct or clear it. Shown to the team only.
    speaker = EncryptedCharField(
        _("speaker as typed earlier (team only)"), max_length=120, blank=True
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["dialogue", "level"]), _feed_index("note")]
        constraints = [_one_row_per_client_key("note")]

    def __str__(self):
        return f"Note #{self.pk}"

    def clean(self):
        super().clean()
        if self.speaker_side_id and self.speaker_side.dialogue_id != self.dialogue_id:
            raise ValidationError({"speaker_side": _("That side belongs to another dialogue.")})
        if self.speaker_participant_id:
            if (
                self.session_id
                and not self.session.round.participations.filter(
                    participant_id=self.speaker_participant_id
                ).exists()
            ):
                # Not keyed to a field: the console's form and the notes page name it apart.
                raise ValidationError(NOT_IN_ROUND, code="speaker")
            if self.speaker_side_id and self.speaker_side_id != self.speaker_participant.side_id:
                raise ValidationError(OTHER_SIDE, code="speaker")
        if (
            self.speaker
            and self.dialogue_id
            and names_a_protected_person(self.speaker, protected_names(self.dialogue_id))
        ):
            # DESIGN.md: a protected participant appears by pseudonym to everyone but
            # organizers; a speaker typed by their real name would show it to facilitators.
            raise ValidationError({"speaker": PROTECTED_SPEAKER})


#: Said when a note's speaker is not among the session's participants.
NOT_IN_ROUND = _(
    "Choose the speaker among the participants of this session's round, or record their side only."
)
#: Said when a note's speaker and side disagree.
OTHER_SIDE = _(
    "The speaker is on another side. Leave the side empty: it is taken from the speaker."
)

#: Said when a note's speaker names a protected participant.
PROTECTED_SPEAKER = _(
    "This names a protected participant. Record their side instead, or leave the speaker "
    "empty: their name must not appear in notes."
)


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def protected_names(dialogue_id) -> list[str]:
    """The real names of the dialogue's protected participants (decrypted here only, to be
    compared with a typed speaker; never shown)."""
    return [
        _folded(name)
        for name in Participant.objects.filter(
            dialogue_id=dialogue_id, person__is_protected=True, person__erased_at__isnull=True
        ).values_list("person__name", flat=True)
        if name
    ]


def names_a_protected_person(speaker: str, names: list[str]) -> bool:
    """Whether the typed speaker contains a protected participant's real name, whatever the
    case and spacing."""
    spoken = _folded(speaker)
    return any(name in spoken for name in names)


class TrustStep(ConfidentialModel, LiveEntry):
    """Something done to build trust, who took part (sides, never persons), and its effect."""

    class Kind(models.TextChoices):
        MEAL = "meal", _("Informal meal")
        NARRATIVES = "narratives", _("Personal narratives")
        SITE_VISIT = "site_visit", _("Joint site visit")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        JOINT_TASK = "joint_task", _("Small joint task")
        OTHER = "other", pgettext_lazy("kind of trust step", "Other")

    class Effect(models.IntegerChoices):
        STRONGLY_NEGATIVE = -2, _("Strongly negative")
        NEGATIVE = -1, _("Negative")
        NEUTRAL = 0, _("No visible effect")
        POSITIVE = 1, _("Positive")
        STRONGLY_POSITIVE = 2, _("Strongly positive")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="trust_steps")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    sides = models.ManyToManyField(
        "dialogues.Side", blank=True, related_name="+", verbose_name=_("sides that took part")
    )
    observed = EncryptedTextField(_("what was observed"), max_length=5_000)
    effect = models.SmallIntegerField(_("effect"), choices=Effect.choices, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [_feed_index("truststep")]
        constraints = [_one_row_per_client_key("truststep")]

    def __str__(self):
        return f"Trust-building step #{self.pk}"


class Topic(models.TextChoices):
    """What an option is about: peace-process issues, after the PA-X database's categories."""

    CEASEFIRE = "ceasefire", _("Ceasefire")
    SECURITY = "security", _("Security sector, DDR and policing")
    POWER_SHARING = "power_sharing", _("Power sharing")
    GOVERNANCE = "governance", _("Governance and constitution")
    ELECTIONS = "elections", _("Elections")
    TERRITORY = "territory", _("Territory and boundaries")
    LAND = "land", _("Land, water and natural resources")
    JUSTICE = "justice", _("Transitional justice and accountability")
    HUMAN_RIGHTS = "human_rights", _("Human rights and equality")
    REFUGEES = "refugees", _("Refugees and displaced persons")
    ECONOMY = "economy", _("Economy and reconstruction")
    GENDER = "gender", _("Women, girls and gender")
    GROUPS = "groups", _("Minorities and identity groups")
    HUMANITARIAN = "humanitarian", _("Humanitarian access")
    GUARANTEES = "guarantees", _("Third parties and guarantees")
    IMPLEMENTATION = "implementation", _("Implementation and monitoring")


class Option(ConfidentialModel, LiveEntry):
    """An idea generated in the room, followed from first floated to taken up officially.

    Every change of state leaves an OptionEvent (when, why, by whom). Where it came from
    is recorded by side; a person only in `proposed_by`, which is attribution (team only).
    """

    class State(models.TextChoices):
        FLOATED = "floated", _("Floated")
        EXPLORED = "explored", _("Explored")
        REFINED = "refined", _("Refined")
        SUPPORTED = "supported", _("Has support in the room")
        TRANSFERRED = "transferred", _("Transferred to officials")
        ADOPTED = "adopted", _("Taken up officially")
        SHELVED = "shelved", _("Shelved")

    #: state -> the states it may move to. Forward one step at a time; back one step while
    #: the option is still being worked on in the room; shelved from anywhere but the end;
    #: a shelved option can be floated again.
    TRANSITIONS = {
        State.FLOATED: (State.EXPLORED, State.SHELVED),
        State.EXPLORED: (State.REFINED, State.FLOATED, State.SHELVED),
        State.REFINED: (State.SUPPORTED, State.EXPLORED, State.SHELVED),
        State.SUPPORTED: (State.TRANSFERRED, State.REFINED, State.SHELVED),
        State.TRANSFERRED: (State.ADOPTED, State.SHELVED),
        State.ADOPTED: (),
        State.SHELVED: (State.FLOATED,),
    }

    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="options"
    )
    title = EncryptedCharField(_("short title"), max_length=160)
    text = EncryptedTextField(_("the option"), max_length=10_000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.FLOATED, editable=False
    )
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    publishable = models.BooleanField(
        _("title may appear in funder reports"),
        default=False,
        help_text=_("Only the short title, and only in reports an organizer publishes."),
    )
    sides = models.ManyToManyField(
        "dialogues.Side",
        blank=True,
        related_name="+",
        verbose_name=_("came from or developed by (sides)"),
    )
    proposed_by = EncryptedCharField(_("proposed by (team only)"), max_length=120, blank=True)
    derived_from = models.ManyToManyField(
        "self",
        through="OptionLineage",
        through_fields=("option", "parent"),
        symmetrical=False,
        blank=True,
        related_name="derivatives",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [_feed_index("option"), models.Index(fields=["dialogue", "state"])]
        constraints = [_one_row_per_client_key("option")]

    def __str__(self):
        return self.title

    def next_states(self) -> tuple:
        return self.TRANSITIONS[self.State(self.state)]

    def can_move_to(self, state: str) -> bool:
        return state in self.next_states()


class OptionLineage(models.Model):
    """One parent of an option: it was refined from it, or merged from it and others."""

    class Kind(models.TextChoices):
        REFINED = "refined", _("Refined from")
        MERGED = "merged", _("Merged from")

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="lineage")
    parent = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REFINED)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "parent"], name="one_lineage_per_parent"),
            models.CheckConstraint(
                condition=~models.Q(option=models.F("parent")), name="option_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.option_id} {self.kind} {self.parent_id}"


class OptionTopic(models.Model):
    """One standard topic of an option (free tags live in Option.tags)."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(max_length=20, choices=Topic.choices)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["option", "topic"], name="one_row_per_option_topic")
        ]

    def __str__(self):
        return self.get_topic_display()


class OptionDependentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of options `user` may read: an option's history and stances go with it."""
        return self.filter(option__in=Option.objects.visible_to(user).values("pk"))


class OptionEvent(models.Model):
    """One change of an option's state: from, to, when, why and by whom. Append-only."""

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=Option.State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=Option.State.choices)
    reason = EncryptedCharField(_("why"), max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now, editable=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OptionDependentQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Option events are append-only.")
        super().save(*args, **kwargs)


class OptionStance(models.Model):
    """One side's current stance on an option."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        OPEN = "open", pgettext_lazy("stance on an option", "Open")
        OPPOSES = "opposes", _("Opposes")
        UNKNOWN = "unknown", _("Unknown")

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="stances")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.UNKNOWN)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OptionDependentQuerySet.as_manager()

    class Meta:
        ordering = ["side__is_third_party", "side_id"]  # side names are encrypted
        constraints = [
            models.UniqueConstraint(fields=["option", "side"], name="one_stance_per_side")
        ]

    def __str__(self):
        return f"{self.side_id}: {self.stance}"

    def clean(self):
        if self.option_id and self.side_id and self.option.dialogue_id != self.side.dialogue_id:
            raise ValidationError(_("That side belongs to another dialogue."))


class SessionRecordQuerySet(DialogueScopedQuerySet):
    """Records of a session for the team only: readings, attendance, reading links."""

    readers = TEAM_ROLES
    dialogue_path = "session__round__dialogue"


class TrustReading(models.Model):
    """A quick score of trust in a session, for one side.

    Taken by a facilitator (author set, attribution: team only) or given anonymously by a
    participant through a reading link: then no author, no link, no address, nothing that
    ties it to a person. Reports use counts and means, never single readings.
    """

    class Source(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        ANONYMOUS = "anonymous", _("Participants, anonymously")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="trust_readings")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="+")
    trust = models.PositiveSmallIntegerField(
        _("trust toward the other side (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    belief = models.PositiveSmallIntegerField(
        _("belief that the process can work (1–5)"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    session_rev = models.PositiveBigIntegerField(default=0, editable=False)
    #: Anonymous readings only: a keyed HMAC (hex SHA-256) of the reading link's id and a
    #: random key kept in the giver's browser (facilitation.entries.holder_digest), so that
    #: a second answer from the same browser replaces the first instead of adding one.
    #: Not text anyone typed, and nothing that ties the reading to a person: the key is
    #: random, never stored, and the digest differs from one link to the next.
    holder = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [_feed_index("trustreading")]
        constraints = [
            _one_row_per_client_key("trustreading"),
            models.UniqueConstraint(
                fields=["session", "holder"],
                condition=~models.Q(holder=""),
                name="one_reading_per_link_holder",
            ),
            models.CheckConstraint(
                condition=models.Q(trust__gte=1, trust__lte=5, belief__gte=1, belief__lte=5),
                name="trust_reading_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(source="anonymous", author__isnull=False),
                name="anonymous_reading_has_no_author",
            ),
        ]

    def __str__(self):
        return f"Reading #{self.pk}"

    def clean(self):
        if (
            self.session_id
            and self.side_id
            and self.session.round.dialogue_id != (self.side.dialogue_id)
        ):
            raise ValidationError({"side": _("That side belongs to another dialogue.")})


class ReadingLinkQuerySet(SessionRecordQuerySet):
    def live(self):
        """Links that still work: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        """The live link for a raw token, if its session is still open. Else none: closing
        a session revokes its links too (facilitation.entries.session_close), so they stay
        dead if it is reopened."""
        return self.live().filter(token_hash=hash_token(token), session__closed_at__isnull=True)


class ReadingLink(models.Model):
    """A short private link through which the participants of one side give anonymous
    trust readings.

    No account, no login: the token is the only key. It is long and random, stored only as
    a SHA-256 hash, expires, and can be revoked; closing the session revokes it. One
    reading per holder (a browser): a second answer replaces the first (TrustReading.holder).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reading_links")
    #: The side whose members answer through this link, chosen by the facilitator; a link
    #: made without one (before sides were chosen) is fixed by its first answer.
    side = models.ForeignKey(
        "dialogues.Side", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ReadingLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Reading link #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class LiveRemoval(models.Model):
    """An entry that left the team's view of a session's console: made `restricted` (so
    only its author and those granted it still read it), deleted, or moved to another
    session. The poll sends its id (`note-12`) so that open consoles take it away.

    Written only for an entry the whole team could read until then, so its id tells a
    console nothing it did not show already (docs/facilitation.md, "Live updates").
    """

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        STEP = "step", _("trust-building step")
        OPTION = "option", _("option")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    entry_id = models.PositiveBigIntegerField()
    session_rev = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [_feed_index("liveremoval")]

    def __str__(self):
        return f"{self.kind}-{self.entry_id} left session #{self.session_id}"


class SessionAttendance(models.Model):
    """How many people of one side attended a session (recorded when it is closed)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    side = models.ForeignKey("dialogues.Side", on_delete=models.PROTECT, related_name="+")
    count = models.PositiveSmallIntegerField(_("attended"), validators=[MaxValueValidator(10_000)])

    objects = SessionRecordQuerySet.as_manager()

    class Meta:
        ordering = ["side__is_third_party", "side_id"]  # side names are encrypted
        constraints = [
            models.UniqueConstraint(fields=["session", "side"], name="one_attendance_per_side")
        ]

    def __str__(self):
        return f"{self.side_id}: {self.count}"


class SessionSummary(ConfidentialModel):
    """The short summary written when a session is closed. `team` unless raised or lowered."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="summary")
    text = EncryptedTextField(_("summary"), max_length=5_000)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name_plural = "session summaries"

    def __str__(self):
        return f"Summary of session #{self.session_id}"


def _check_statement(record, errors: dict) -> None:
    """A transfer or outcome speaks only to a theory-of-change statement of its own dialogue."""
    if (
        record.statement_id
        and record.dialogue_id
        and record.statement.dialogue_id != record.dialogue_id
    ):
        errors["statement"] = _("That statement belongs to another dialogue.")


class Transfer(ConfidentialModel):
    """Passing an option or an insight to officials (Track I): when, how, to what kind of
    recipient, and what came back. A recipient is named only at `restricted` (its author
    and those granted it read it); otherwise only the kind of recipient is kept."""

    class Channel(models.TextChoices):
        BRIEFING = "briefing", _("Briefing")
        PAPER = "paper", _("Paper")
        REENTRY = "reentry", _("A participant's own re-entry")
        BACK_CHANNEL = "back_channel", _("Back-channel")
        PUBLIC_STATEMENT = "public_statement", _("Public statement")

    class RecipientKind(models.TextChoices):
        HEAD_OF_DELEGATION = "head_of_delegation", _("Head of delegation")
        MINISTRY = "ministry", _("Ministry official")
        MEDIATOR = "mediator", _("Mediator or envoy")
        PARLIAMENTARIAN = "parliamentarian", _("Parliamentarian")
        SECURITY = "security", _("Security official")
        OTHER = "other", pgettext_lazy("kind of transfer recipient", "Other")

    class ResponseKind(models.TextChoices):
        PENDING = "pending", _("No response yet")
        WELCOMED = "welcomed", _("Welcomed")
        NOTED = "noted", _("Noted")
        REJECTED = "rejected", _("Rejected")

    option = models.ForeignKey(
        Option,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("option"),
    )
    insight = EncryptedTextField(_("insight (when no option)"), max_length=5_000, blank=True)
    transferred_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    recipient_kind = models.CharField(
        _("kind of recipient"), max_length=20, choices=RecipientKind.choices
    )
    recipient_name = EncryptedCharField(
        _("recipient's name (restricted only)"), max_length=160, blank=True
    )
    response = EncryptedTextField(_("the response"), max_length=5_000, blank=True)
    response_kind = models.CharField(
        _("response"), max_length=10, choices=ResponseKind.choices, default=ResponseKind.PENDING
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    statement = models.ForeignKey(
        "dialogues.ChangeStatement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("theory-of-change statement it speaks to"),
    )

    class Meta:
        ordering = ["-transferred_on", "-id"]

    def __str__(self):
        return f"Transfer #{self.pk}"

    def clean(self):
        errors = {}
        if not self.option_id and not (self.insight or "").strip():
            errors["insight"] = _("Choose the option transferred, or describe the insight.")
        if self.option_id and self.dialogue_id and self.option.dialogue_id != self.dialogue_id:
            errors["option"] = _("That option belongs to another dialogue.")
        # DESIGN.md: a recipient is never named unless the record is `restricted`.
        if (self.recipient_name or "").strip() and self.level != Level.RESTRICTED:
            errors["recipient_name"] = _(
                "Name a recipient only in a restricted record; otherwise leave the name out."
            )
        if self.follow_up_due and self.transferred_on and self.follow_up_due < self.transferred_on:
            errors["follow_up_due"] = _("The follow-up cannot be due before the transfer.")
        _check_statement(self, errors)
        if errors:
            raise ValidationError(errors)


class Outcome(ConfidentialModel):
    """An observed change in a person, group or institution that the dialogue contributed
    to (outcome harvesting). Who changed is kept by kind; described or named only at
    `restricted`. `publishable` lets funder reports use it (anonymized)."""

    class WhoKind(models.TextChoices):
        PERSON = "person", _("A person")
        GROUP = "group", _("A group")
        INSTITUTION = "institution", _("An institution")

    class Significance(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    who_kind = models.CharField(_("who changed"), max_length=12, choices=WhoKind.choices)
    who_description = EncryptedCharField(
        _("who, named or described (restricted only)"), max_length=300, blank=True
    )
    what_changed = EncryptedTextField(_("what changed"), max_length=5_000)
    observed_on = models.DateField(_("observed on"))
    significance = models.CharField(
        _("significance"), max_length=8, choices=Significance.choices, default=Significance.MEDIUM
    )
    contribution = EncryptedTextField(
        _("the dialogue's contribution"), max_length=5_000, blank=True
    )
    evidence = EncryptedTextField(_("evidence"), max_length=5_000, blank=True)
    evidence_source = EncryptedCharField(_("source of the evidence"), max_length=300, blank=True)
    statement = models.ForeignKey(
        "dialogues.ChangeStatement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("theory-of-change statement it speaks to"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    publishable = models.BooleanField(_("may be used in funder reports"), default=False)

    class Meta:
        ordering = ["-observed_on", "-id"]

    def __str__(self):
        return f"Outcome #{self.pk}"

    def clean(self):
        errors = {}
        _check_statement(self, errors)
        # Who changed is named only at `restricted` (DESIGN.md, "The privacy model").
        if (self.who_description or "").strip() and self.level != Level.RESTRICTED:
            errors["who_description"] = _(
                "Name or describe who changed only in a restricted record; otherwise "
                "keep to the kind."
            )
        if errors:
            raise ValidationError(errors)


class ReflectionQuerySet(DialogueScopedQuerySet):
    """Reflections are always `team`: organizers and facilitators of the dialogue read them."""

    readers = TEAM_ROLES
    dialogue_path = "round__dialogue"


class Reflection(models.Model):
    """A facilitator's short structured look back after a round. One per round and author."""

    round = models.ForeignKey("dialogues.Round", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what_shifted = EncryptedTextField(_("what shifted"), max_length=5_000, blank=True)
    what_worked = EncryptedTextField(_("what worked"), max_length=5_000, blank=True)
    risks = EncryptedTextField(
        _("risks to participants or to the process"), max_length=5_000, blank=True
    )
    change_next = EncryptedTextField(_("what to change next round"), max_length=5_000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["round__starts_on", "round_id", "author_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "author"], name="one_reflection_per_round")
        ]

    def __str__(self):
        return f"Reflection #{self.pk}"
