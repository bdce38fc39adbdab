"""List pages of confidential content cost a fixed number of queries,
whatever the number of rows or grants."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm

from tests.factories import MembershipFactory, NoteFactory, ParticipantFactory, SessionFactory
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent


def grow(world, size):
    session = SessionFactory(round__dialogue=world.dialogue)
    side = world.participants["open"].side
    for i in range(size):
        restricted = NoteFactory(
            session=session, level=Level.RESTRICTED, text=f"r{i}", author=world.cast["organizer"]
        )
        assign_perm("facilitation.view_note", world.cast["facilitator"], restricted)
        NoteFactory(
            session=session, level=Level.TEAM, text=f"t{i}", author=world.cast["facilitator"]
        )
        ParticipantFactory(side=side, person__is_protected=bool(i % 2))
        MembershipFactory(dialogue=world.dialogue, role="observer")
        audit_record(
            action=AuditEvent.Action.EXPORT, actor=world.cast["organizer"], dialogue=world.dialogue
        )


PAGES = [
    # url name, visitor, queries. Every page: user, membership (2; the session comes
    # from the cache). Then:
    # notes: count, page, the form's sessions, speakers and sides, and the
    # restricted-read audit insert inside its savepoint (3)
    ("facilitation:note-list", "facilitator", 10),
    # participants: sides, count and page, the balance, upcoming rounds and their counts,
    # and the coming rounds the bulk actions offer
    ("participants:list", "organizer", 9),
    # members: count and page; invitations (one is planted): count and page
    ("dialogues:member-list", "organizer", 6),
    ("dialogues:audit-list", "organizer", 4),  # count and page
    # and the sides, the agreement in the reader's language
    ("dialogues:detail", "participant", 4),
    # and the sides, the agreement, the to-do panel (5) and the setup checklist (7)
    ("dialogues:detail", "organizer", 16),
    ("home", "participant", 3),  # and the user's organization memberships
]


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(("url_name", "who", "queries"), PAGES)
def test_list_page_query_count_is_fixed(
    url_name, who, queries, size, world, client_for, django_assert_num_queries
):
    grow(world, size)
    client = client_for(world.cast[who])
    kwargs = {} if url_name == "home" else {"dialogue_id": world.dialogue.pk}
    url = reverse(url_name, kwargs=kwargs)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
