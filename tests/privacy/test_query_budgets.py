"""Every page of the privacy matrix costs the same number of SQL queries however much the
dialogue holds (issue "Performance": query budgets at two sizes, for every page).

Each page is requested by its busiest reader (an organizer where organizers may read it,
else the first role the matrix lets in), once after the planted world has grown by one
batch, and again after five more batches. A batch holds every kind of row a page might
list: notes at every level (restricted ones granted, so grants are fetched too),
options with stances and events, trust steps and readings, transfers and outcomes,
participants (protected or not) with round participation, invitations and vetting
notes, members, rounds with sessions, venues, fundings, theory-of-change statements and
audit events. A page whose count grows with that batch runs a query per row somewhere
(an N+1) or loads an unbounded list.

The exact counts of the main pages are asserted in the tests of each area
(tests/*/test_query_counts.py and beside their views); this test holds the rule for all.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from dialogues.models import ChangeStatement, ReportingObligation, Side
from facilitation.models import (
    Note,
    Option,
    OptionEvent,
    OptionStance,
    Outcome,
    Transfer,
    TrustReading,
    TrustStep,
)
from participants.models import Invitation, RoundParticipation, VettingNote
from tests.factories import (
    FundingFactory,
    MembershipFactory,
    ParticipantFactory,
    PersonFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.privacy.url_cases import CASES
from trackii.privacy.audit import audit_record
from trackii.privacy.levels import Level
from trackii.privacy.models import AuditEvent

#: Who reads a page when several may: the one who sees the most.
BUSIEST_FIRST = ("organizer", "facilitator", "observer", "participant", "funder", "other_member")


def _reader(case):
    return next((who for who in BUSIEST_FIRST if case.expect.get(who) == 200), None)


PAGES = [
    pytest.param(case, _reader(case), id=case.id)
    for case in CASES
    if case.method == "get" and _reader(case) is not None
]


def _grant(obj, perm, *users):
    for user in users:
        assign_perm(perm, user, obj)


def grow(world, batch: int) -> None:
    """Add `batch` rows of every kind a page of the dialogue may list or count."""
    dialogue = world.dialogue
    organizer, facilitator = world.cast["organizer"], world.cast["facilitator"]
    sides = list(Side.objects.filter(dialogue=dialogue))
    side = world.participants["open"].side
    sessions = {note.session for note in world.notes.values()}
    if "console_session" in world.objects:
        sessions.add(world.objects["console_session"])
    day = dt.date(2026, 5, 4)
    for i in range(batch):
        for session in sessions:
            common = {"dialogue": dialogue, "session": session, "author": facilitator}
            for level in (Level.REPORTABLE, Level.DIALOGUE, Level.TEAM):
                Note.objects.create(level=level, text=f"grown {i}", speaker_side=side, **common)
            restricted = Note.objects.create(level=Level.RESTRICTED, text=f"r{i}", **common)
            _grant(restricted, "facilitation.view_note", organizer)
            for level in (Level.DIALOGUE, Level.TEAM):
                option = Option.objects.create(level=level, title=f"grown option {i}", **common)
                option.sides.add(side)
                for s in sides:
                    OptionStance.objects.create(option=option, side=s, stance="supports")
                OptionEvent.objects.create(option=option, to_state="floated", by=facilitator)
            TrustStep.objects.create(
                level=Level.TEAM, kind=TrustStep.Kind.MEAL, observed=f"s{i}", **common
            )
            TrustReading.objects.create(
                session=session, side=side, trust=3, belief=4, source="facilitator"
            )
        transfer = {
            "dialogue": dialogue,
            "author": facilitator,
            "transferred_on": day,
            "channel": Transfer.Channel.PAPER,
            "recipient_kind": Transfer.RecipientKind.HEAD_OF_DELEGATION,
            "response_kind": Transfer.ResponseKind.WELCOMED,
            "insight": f"grown insight {i}",
        }
        Transfer.objects.create(level=Level.TEAM, **transfer)
        _grant(
            Transfer.objects.create(level=Level.RESTRICTED, **transfer),
            "facilitation.view_transfer",
            organizer,
        )
        outcome = {
            "dialogue": dialogue,
            "author": facilitator,
            "who_kind": Outcome.WhoKind.PERSON,
            "observed_on": day,
            "what_changed": f"grown change {i}",
        }
        Outcome.objects.create(level=Level.TEAM, **outcome)
        _grant(
            Outcome.objects.create(level=Level.RESTRICTED, **outcome),
            "facilitation.view_outcome",
            organizer,
        )

        rnd = RoundFactory(dialogue=dialogue, venue=VenueFactory(dialogue=dialogue))
        SessionFactory(round=rnd).facilitators.add(facilitator)
        for protected in (False, True):
            participant = ParticipantFactory(
                side=side,
                level=Level.DIALOGUE,
                person=PersonFactory(is_protected=protected),
                author=organizer,
            )
            for round_ in {rnd, *(s.round for s in sessions)}:
                RoundParticipation.objects.create(participant=participant, round=round_)
            Invitation.objects.create(
                participant=participant,
                round=rnd,
                expires_at=timezone.now() + dt.timedelta(days=30),
            )
            VettingNote.objects.create(
                participant=participant, dialogue=dialogue, text=f"v{i}", level=Level.TEAM
            )
        ParticipantFactory(side=side, level=Level.TEAM, author=organizer)
        for role in ("observer", "facilitator", "participant", "funder"):
            MembershipFactory(dialogue=dialogue, role=role, user=UserFactory())
        funding = FundingFactory(dialogue=dialogue)
        ReportingObligation.objects.create(funding=funding, description=f"o{i}", due_on=day)
        ChangeStatement.objects.create(
            dialogue=dialogue,
            level=Level.DIALOGUE,
            author=organizer,
            if_text=f"if {i}",
            then_text="then",
            because_text="because",
        )
        audit_record(action=AuditEvent.Action.EXPORT, actor=organizer, dialogue=dialogue)


def _count_queries(client, case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    client.get(url, data=case.data(world))  # warm: caches, sessions and lazy setup
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data=case.data(world))
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    return len(queries.captured_queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(("case", "who"), PAGES)
def test_page_costs_the_same_queries_at_two_sizes(case, who, world, client_for):
    client = client_for(world.cast[who])
    url = reverse(case.url_name, kwargs=case.kwargs(world))

    grow(world, 1)  # one of every kind first: an empty list may skip its queries
    small, _ = _count_queries(client, case, world)
    grow(world, 5)
    large, large_sql = _count_queries(client, case, world)

    assert large == small, (
        f"GET {url} as {who}: {small} queries with one batch, {large} with six:\n"
        + "\n".join(sql[:200] for sql in large_sql)
    )
