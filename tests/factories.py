"""Boring factories: required fields only, no hidden related objects beyond what the model needs."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from dialogues.models import Dialogue, Round, Side
from facilitation.models import Note, Session
from participants.models import Participant, Person
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


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue

    code_name = factory.Sequence(lambda n: f"CODE-{n}")


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
