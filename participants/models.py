"""People, their participation in dialogues, invitations and consent."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trackii import i18n
from trackii.lib.tokens import hash_token
from trackii.privacy.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from trackii.privacy.levels import Level
from trackii.privacy.models import (
    ConfidentialModel,
    ConfidentialQuerySet,
    DialogueScopedQuerySet,
    Membership,
)
from trackii.privacy.pseudonyms import pseudonym_for
from trackii.privacy.roles import TEAM_ROLES, sees_protected_identity


class Person(models.Model):
    """A real person, kept once, who may take part in several dialogues.

    Identity and contact fields are the most sensitive data in trackii. A
    Person is never listed on its own: it is reached through a Participant
    that visible_to() lets the viewer read, and shown through shown_name().
    """

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Another gender")

    class PositionKind(models.TextChoices):
        OFFICIAL = "official", _("Official in a private capacity")
        EX_OFFICIAL = "ex_official", _("Former official")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        ACADEMIC = "academic", _("Academic")
        JOURNALIST = "journalist", _("Journalist")
        RELIGIOUS = "religious", _("Religious or traditional leader")
        BUSINESS = "business", _("Business")
        MILITARY = "military", _("Security sector (former)")
        OTHER = "other", pgettext_lazy("kind of person", "Other")

    name = EncryptedCharField(_("name"), max_length=200)
    affiliation = EncryptedCharField(_("affiliation"), max_length=200, blank=True)
    position = EncryptedCharField(_("position"), max_length=200, blank=True)
    position_kind = models.CharField(
        _("kind of position"), max_length=16, choices=PositionKind.choices, blank=True
    )
    country = EncryptedCharField(_("country"), max_length=80, blank=True)
    languages = EncryptedCharField(_("languages"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=i18n.participant_languages,
        help_text=_(
            "The language of their invitation e-mail and private pages. "
            "They can switch on the page itself."
        ),
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    email = EncryptedEmailField(_("e-mail"), max_length=254, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("Only for participants who have a trackii account."),
    )
    is_protected = models.BooleanField(
        _("protected"),
        default=False,
        help_text=_("Shown by a pseudonym to everyone but the dialogue's organizers."),
    )
    #: Set when an organizer erased this person: identity and contact fields are destroyed,
    #: their contributions stay, unattributed.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]  # not by name: names are encrypted, SQL cannot sort them

    def __str__(self):
        # Deliberately not the name: a stray {{ person }} must not leak a protected identity.
        return f"Person #{self.pk}"


class ParticipantQuerySet(ConfidentialQuerySet):
    def with_person(self):
        return self.select_related("person", "side")


class Participant(ConfidentialModel):
    """A person in one dialogue, on one side. Its level says who may see that they take part."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        VETTED = "vetted", _("Vetted")
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", pgettext_lazy("participant state", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("participant state", "Withdrawn")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    side = models.ForeignKey(
        "dialogues.Side", on_delete=models.PROTECT, related_name="participants"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.PROPOSED)
    rationale_influence = EncryptedTextField(_("influence"), blank=True, max_length=2_000)
    rationale_access = EncryptedTextField(
        _("access to decision makers"), blank=True, max_length=2_000
    )
    rationale_openness = EncryptedTextField(
        _("openness to the other side"), blank=True, max_length=2_000
    )
    rationale_credibility = EncryptedTextField(
        _("credibility at home"), blank=True, max_length=2_000
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["side__is_third_party", "side_id", "id"]  # side names are encrypted
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "person"], name="one_participation_per_dialogue"
            ),
        ]

    def __str__(self):
        return f"Participant #{self.pk}"

    def clean(self):
        if self.side_id and self.dialogue_id and self.side.dialogue_id != self.dialogue_id:
            raise ValidationError({"side": _("That side belongs to another dialogue.")})

    @property
    def pseudonym(self) -> str:
        return pseudonym_for("participant", self.pk)

    def shown_name(self, role: str | None) -> str:
        """The name this viewer may see: the pseudonym unless they are an organizer.

        An erased person has no name left to show (participants/services/rights.py)."""
        if self.person.erased_at is not None:
            return str(_("Erased person"))
        if self.person.is_protected and not sees_protected_identity(role):
            return self.pseudonym
        return self.person.name

    def shown_affiliation(self, role: str | None) -> str:
        if self.person.erased_at is not None:
            return ""
        if self.person.is_protected and not sees_protected_identity(role):
            return ""
        return self.person.affiliation


class VettingNoteQuerySet(ConfidentialQuerySet):
    def visible_to(self, user):
        """As every confidential item, and only while the reader holds a team role in its
        dialogue: a participant or observer never reads a vetting note, not even a
        restricted one they wrote or were granted before their role changed."""
        team = Membership.objects.dialogue_ids(user, TEAM_ROLES)
        return super().visible_to(user).filter(dialogue_id__in=team)


class VettingNote(ConfidentialModel):
    """What the team learned while vetting a participant. `team` or `restricted` only."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="vetting_notes"
    )
    text = EncryptedTextField(max_length=5_000)

    objects = VettingNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Vetting note #{self.pk}"

    def clean(self):
        if self.level not in (Level.TEAM, Level.RESTRICTED):
            raise ValidationError({"level": _("Vetting notes are team or restricted.")})


class RoundParticipationQuerySet(DialogueScopedQuerySet):
    readers = TEAM_ROLES
    dialogue_path = "round__dialogue"


class RoundParticipation(models.Model):
    """A participant taking part in one round; attendance is recorded afterwards."""

    round = models.ForeignKey(
        "dialogues.Round", on_delete=models.CASCADE, related_name="participations"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="round_participations"
    )
    attended = models.BooleanField(null=True, blank=True)

    objects = RoundParticipationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "participant"], name="one_participation_per_round"
            )
        ]

    def __str__(self):
        return f"Participant #{self.participant_id} in round #{self.round_id}"

    def clean(self):
        if (
            self.round_id
            and self.participant_id
            and self.round.dialogue_id != self.participant.dialogue_id
        ):
            raise ValidationError(_("The participant belongs to another dialogue."))


#: A participant in one of these states has a closed file: participants.services.pipeline
#: revokes their invitations when the file is closed, so their links die.
CLOSED_STATES = (Participant.State.WITHDRAWN, Participant.State.DECLINED)


class InvitationQuerySet(DialogueScopedQuerySet):
    readers = TEAM_ROLES
    dialogue_path = "round__dialogue"

    def standing(self):
        """Invitations whose reason still stands (DESIGN.md: "private links die when their
        reason does"): the participant was not withdrawn (Participant.state WITHDRAWN: by
        withdrawing consent, or by an organizer) and the person was not erased.

        A participant Declined by their own answers keeps the links of the invitations they
        declined, so they can change their mind (participants.services.pipeline); a file an
        organizer closes as Declined has its invitations revoked, which `live` reads, as
        does taking a participant out of the round
        (participants.services.participants.round_participation_set).
        """
        return self.exclude(participant__state=Participant.State.WITHDRAWN).filter(
            participant__person__erased_at__isnull=True
        )

    def live(self):
        """Standing, not revoked and not expired: the invitations whose link works."""
        return self.standing().filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        """The live invitation for a raw token (see `live`). Else none: a dead link and a
        wrong one are the same to whoever holds it."""
        return self.live().filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """An invitation of one participant to one round, answered through a private link.

    The link's token is long and random, stored only as a SHA-256 hash, expires,
    and can be revoked. It opens that one person's invitation and nothing else.
    """

    class Response(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", pgettext_lazy("invitation response", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation response", "Declined")

    round = models.ForeignKey(
        "dialogues.Round", on_delete=models.CASCADE, related_name="invitations"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="invitations"
    )
    #: SHA-256 of the link's token; empty until the invitation is sent. Sending again
    #: replaces it, so only the newest link works.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response.choices, default=Response.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    show_venue = models.BooleanField(_("show the venue in the invitation"), default=False)
    dietary_needs = EncryptedCharField(_("dietary needs"), max_length=500, blank=True)
    access_needs = EncryptedCharField(_("access needs"), max_length=500, blank=True)
    travel_needs = EncryptedCharField(_("travel needs"), max_length=500, blank=True)
    #: When the participant last stated their needs (each answer is recorded with its time).
    needs_updated_at = models.DateTimeField(null=True, blank=True)
    #: Why an organizer invited someone not yet vetted (participants.services.invitations).
    unvetted_reason = EncryptedTextField(
        _("why invite before vetting"), blank=True, max_length=1_000
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Invitation #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ConsentRecordQuerySet(DialogueScopedQuerySet):
    readers = TEAM_ROLES
    dialogue_path = "participant__dialogue"


class ConsentRecord(models.Model):
    """One act of giving or withdrawing consent to the dialogue's confidentiality agreement.

    Append-only: a withdrawal is a new record, never an edit. The current state
    of a participant is their latest record.
    """

    class Via(models.TextChoices):
        LINK = "link", _("Private invitation link")
        ACCOUNT = "account", _("Their trackii account")
        ORGANIZER = "organizer", _("Recorded by an organizer")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents"
    )
    given = models.BooleanField()
    via = models.CharField(max_length=10, choices=Via.choices)
    #: A fingerprint of the agreement text consented to, so a later change of the text shows.
    agreement_digest = models.CharField(max_length=64)
    #: The language of the agreement text shown (dialogues.ParticipantText.language): the
    #: participant's, or the reference language's when theirs had no version.
    agreement_language = models.CharField(max_length=8, choices=i18n.participant_languages)
    #: Its version number in that language; empty for consents recorded before versions
    #: were kept, and when the dialogue had no agreement text at all.
    agreement_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Consent record #{self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Consent records are append-only.")
