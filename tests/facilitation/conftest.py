"""A session with a console: its dialogue's sides, its facilitator (the cast's), and a
second facilitator of the dialogue who does not facilitate it."""

from dataclasses import dataclass

import pytest

from tests.factories import MembershipFactory, SessionFactory, SideFactory, UserFactory
from trackii.privacy.roles import Role


@dataclass
class ConsoleWorld:
    cast: object
    session: object
    north: object
    river: object
    third: object
    other_facilitator: object

    @property
    def dialogue(self):
        return self.cast.dialogue

    def __getitem__(self, who):
        if who == "other_facilitator":
            return self.other_facilitator
        return self.cast[who]


@pytest.fixture
def console_world(cast):
    dialogue = cast.dialogue
    north = SideFactory(dialogue=dialogue, name="Northern Council")
    river = SideFactory(dialogue=dialogue, name="Riverlands Alliance")
    third = SideFactory(dialogue=dialogue, name="Conveners", is_third_party=True)
    session = SessionFactory(round__dialogue=dialogue, title="Morning plenary")
    session.facilitators.add(cast["facilitator"])
    other = UserFactory(email="other-facilitator@example.org", display_name="Other facilitator")
    MembershipFactory(dialogue=dialogue, user=other, role=Role.FACILITATOR)
    return ConsoleWorld(
        cast=cast,
        session=session,
        north=north,
        river=river,
        third=third,
        other_facilitator=other,
    )
