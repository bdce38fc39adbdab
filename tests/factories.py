"""Boring factories: required fields only, no hidden related objects beyond what the model needs."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from dialogues.models import (
    ChangeStatement,
    Dialogue,
    Funder,
    Funding,
    ParticipantText,
    ReportingObligation,
    Round,
    Side,
    Venue,
    VenueSideAccess,
)
from facilitation.models import Note, Session
from participants.models import (
    ConsentRecord,
    Invitation,
    Participant,
    Person,
    RoundParticipation,
    VettingNote,
)
from trackii.organizations.models import (
    AccountInvitation,
    Organization,
    OrganizationMembership,
    OrgRole,
)
from trackii.privacy.levels import Level
from trackii.privacy.models import Membership

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")


def default_organization() -> Organization:
    """The one organization of a test that names none: dialogues and funders made without
    one share it, as they would in a single-organization instance."""
    return Organization.objects.order_by("pk").first() or OrganizationFactory()


class OrganizationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMembership

    org = factory.LazyFunction(default_organization)
    user = factory.SubFactory(UserFactory)
    role = OrgRole.MEMBER


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue
        skip_postgeneration_save = True

    organization = factory.LazyFunction(default_organization)
    code_name = factory.Sequence(lambda n: f"CODE-{n}")

    @factory.post_generation
    def agreement_text(obj, create, extracted, **kwargs):
        """`agreement_text="..."` gives the dialogue version 1 of its agreement in its
        reference language."""
        if create and extracted:
            ParticipantTextFactory(dialogue=obj, language=obj.reference_language, text=extracted)


class ParticipantTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipantText

    dialogue = factory.SubFactory(DialogueFactory)
    kind = ParticipantText.Kind.AGREEMENT
    language = "en"
    version = 1
    text = "Chatham House rule."


class SideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Side

    dialogue = factory.SubFactory(DialogueFactory)
    name = factory.Sequence(lambda n: f"Side {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    dialogue = factory.SubFactory(DialogueFactory)
    user = factory.SubFactory(UserFactory)
    role = "participant"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    dialogue = factory.SubFactory(DialogueFactory)
    title = factory.Sequence(lambda n: f"Round {n}")
    starts_on = dt.date(2026, 10, 12)
    ends_on = dt.date(2026, 10, 14)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = dt.datetime(2026, 10, 12, 9, 0, tzinfo=dt.UTC)
    ends_at = dt.datetime(2026, 10, 12, 12, 0, tzinfo=dt.UTC)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    session = factory.SubFactory(SessionFactory)
    dialogue = factory.SelfAttribute("session.round.dialogue")
    text = factory.Sequence(lambda n: f"Note text {n}")
    level = Level.TEAM


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    side = factory.SubFactory(SideFactory)
    dialogue = factory.SelfAttribute("side.dialogue")
    person = factory.SubFactory(PersonFactory)
    level = Level.DIALOGUE


class ChangeStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChangeStatement

    dialogue = factory.SubFactory(DialogueFactory)
    if_text = "key people on both sides meet regularly"
    then_text = "they carry new options home"
    because_text = "they trust each other enough to test ideas"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    dialogue = factory.SubFactory(DialogueFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    country = "Norway"
    city = "Oslo"
    time_zone = "Europe/Oslo"
    capacity = 30
    cost_per_day = 1000


class VenueSideAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VenueSideAccess

    venue = factory.SubFactory(VenueFactory)
    side = factory.SubFactory(SideFactory, dialogue=factory.SelfAttribute("..venue.dialogue"))


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder

    organization = factory.LazyFunction(default_organization)
    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = Funder.Kind.FOUNDATION


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    dialogue = factory.SubFactory(DialogueFactory)
    funder = factory.SubFactory(
        FunderFactory, organization=factory.SelfAttribute("..dialogue.organization")
    )
    amount = 100_000
    starts_on = dt.date(2026, 1, 1)
    ends_on = dt.date(2027, 12, 31)


class ReportingObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingObligation

    funding = factory.SubFactory(FundingFactory)
    description = "Interim narrative report"
    due_on = dt.date(2026, 12, 15)


class VettingNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VettingNote

    participant = factory.SubFactory(ParticipantFactory)
    dialogue = factory.SelfAttribute("participant.dialogue")
    text = factory.Sequence(lambda n: f"Vetting note {n}")
    level = Level.TEAM


class RoundParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundParticipation

    participant = factory.SubFactory(ParticipantFactory)
    round = factory.SubFactory(
        RoundFactory, dialogue=factory.SelfAttribute("..participant.dialogue")
    )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    participant = factory.SubFactory(ParticipantFactory)
    round = factory.SubFactory(
        RoundFactory, dialogue=factory.SelfAttribute("..participant.dialogue")
    )
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    participant = factory.SubFactory(ParticipantFactory)
    given = True
    via = ConsentRecord.Via.ORGANIZER
    agreement_digest = "0" * 64
    agreement_language = "en"


class AccountInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountInvitation

    org = factory.LazyFunction(default_organization)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    org_role = OrgRole.MEMBER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
