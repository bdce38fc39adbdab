"""The team's balance panel: exact counts from SQL aggregates, protected identities kept."""

import pytest

from participants.models import Participant
from participants.selectors import participant_balance
from tests.factories import ParticipantFactory, PersonFactory


@pytest.fixture
def pipeline(sides):
    def add(side, state, gender="", kind="", protected=False):
        return ParticipantFactory(
            side=sides[side],
            state=state,
            person=PersonFactory(gender=gender, position_kind=kind, is_protected=protected),
        )

    add("north", "confirmed", "woman", "academic")
    add("north", "invited", "man", "official")
    add("north", "declined", "woman", "academic")  # out of the pipeline
    add("south", "proposed", "woman", "official", protected=True)
    add("south", "vetted", "", "")
    add("third", "confirmed", "man", "civil_society")
    return sides


def balance_for(cast, sides, role):
    visible = Participant.objects.filter(dialogue=cast.dialogue)
    return participant_balance(visible, role=role, sides=list(sides.values()))


def test_balance_by_side_counts_people_still_in_the_pipeline(cast, pipeline):
    balance = balance_for(cast, pipeline, "organizer")

    assert balance.by_side == [("North", 2), ("South", 2), ("Conveners", 1)]
    assert (balance.active, balance.total) == (5, 6)


def test_balance_by_state_counts_everyone(cast, pipeline):
    balance = balance_for(cast, pipeline, "organizer")

    assert balance.by_state == [
        ("Proposed", 1),
        ("Vetted", 1),
        ("Invited", 1),
        ("Confirmed", 2),
        ("Declined", 1),
        ("Withdrawn", 0),
    ]


def test_balance_by_gender_and_kind_for_organizer_counts_protected_people_too(cast, pipeline):
    balance = balance_for(cast, pipeline, "organizer")

    assert balance.by_gender == [("Woman", 2), ("Man", 2), ("Not recorded", 1)]
    assert balance.by_kind == [
        ("Official in a private capacity", 2),
        ("Civil society", 1),
        ("Academic", 1),
        ("Not recorded", 1),
    ]


def test_balance_for_facilitator_counts_protected_people_apart(cast, pipeline):
    balance = balance_for(cast, pipeline, "facilitator")

    assert balance.by_gender == [
        ("Woman", 1),
        ("Man", 2),
        ("Not recorded", 1),
        ("Protected (not shown)", 1),
    ]
    assert balance.by_kind == [
        ("Official in a private capacity", 1),
        ("Civil society", 1),
        ("Academic", 1),
        ("Not recorded", 1),
        ("Protected (not shown)", 1),
    ]


def test_balance_is_one_query(cast, pipeline, django_assert_num_queries):
    with django_assert_num_queries(1):
        balance_for(cast, pipeline, "organizer")


def test_balance_without_any_gender_recorded_says_so(cast, sides):
    ParticipantFactory(side=sides["north"])

    balance = balance_for(cast, sides, "organizer")

    assert balance.gender_recorded is False


def test_participant_list_shows_balance_panel_to_team(cast, pipeline, client_for, url):
    page = client_for(cast["facilitator"]).get(url("list")).text

    assert "By side" in page
    assert "By gender" in page
    assert "5 of 6 participants are in the pipeline" in page


def test_participant_list_hides_gender_table_when_none_recorded(cast, sides, client_for, url):
    ParticipantFactory(side=sides["north"])

    page = client_for(cast["organizer"]).get(url("list")).text

    assert "By side" in page
    assert "By gender" not in page


def test_participant_list_shows_no_balance_to_participant(cast, pipeline, client_for, url):
    page = client_for(cast["participant"]).get(url("list")).text

    assert "By side" not in page
    assert "in the pipeline" not in page
