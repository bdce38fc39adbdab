"""The standing cast: one dialogue with a member of every role, a member of another
dialogue only, a user with no membership, and the anonymous visitor."""

from dataclasses import dataclass

import pytest

from tests.factories import DialogueFactory, MembershipFactory, UserFactory
from trackii.privacy.roles import Role

#: Every way a visitor can stand towards the dialogue under test.
CAST = [
    "organizer",
    "facilitator",
    "participant",
    "funder",
    "observer",
    "other_member",
    "outsider",
    "anonymous",
]


@dataclass
class Cast:
    dialogue: object
    other_dialogue: object
    users: dict

    def __getitem__(self, key):
        return self.users[key]


@pytest.fixture
def cast(db):
    dialogue = DialogueFactory(code_name="JUNIPER")
    other = DialogueFactory(code_name="OTHER-DIALOGUE-CODENAME")
    users = {}
    for role in Role.values:
        user = UserFactory(email=f"{role}@example.org", display_name=f"The {role}")
        MembershipFactory(dialogue=dialogue, user=user, role=role)
        users[role] = user
    users["other_member"] = UserFactory(email="other@example.org", display_name="Other member")
    MembershipFactory(dialogue=other, user=users["other_member"], role=Role.ORGANIZER)
    users["outsider"] = UserFactory(email="outsider@example.org", display_name="Outsider")
    users["anonymous"] = None
    return Cast(dialogue=dialogue, other_dialogue=other, users=users)


@pytest.fixture
def client_for(client):
    """A test client logged in as one of the cast (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
