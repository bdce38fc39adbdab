"""Factories for the live console's records (the shared ones are in tests/factories.py)."""

import uuid

import factory

from facilitation.models import Option, TrustReading, TrustStep
from tests.factories import SessionFactory
from trackii.privacy.levels import Level


class TrustStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustStep

    session = factory.SubFactory(SessionFactory)
    dialogue = factory.SelfAttribute("session.round.dialogue")
    observed = factory.Sequence(lambda n: f"Observed {n}")
    level = Level.TEAM


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    session = factory.SubFactory(SessionFactory)
    dialogue = factory.SelfAttribute("session.round.dialogue")
    title = factory.Sequence(lambda n: f"Option {n}")
    level = Level.TEAM


class TrustReadingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustReading

    session = factory.SubFactory(SessionFactory)
    trust = 3
    belief = 3
    source = TrustReading.Source.FACILITATOR
    client_key = factory.LazyFunction(uuid.uuid4)
