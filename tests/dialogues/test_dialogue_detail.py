"""The dialogue home: what each role reads, and the organizers' "what needs doing next"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.factories import (
    ChangeStatementFactory,
    FundingFactory,
    InvitationFactory,
    ParticipantFactory,
    ParticipantTextFactory,
    ReportingObligationFactory,
    RoundFactory,
    SideFactory,
    VenueFactory,
)
from trackii.privacy.levels import Level
from trackii.workflows.todo import dialogue_todo

TODO_HEADING = "What needs doing next"


def today():
    return timezone.localdate()


def days(n):
    return today() + dt.timedelta(days=n)


def home(client, dialogue):
    return client.get(reverse("dialogues:detail", args=[dialogue.pk]))


@pytest.fixture
def side(cast):
    return SideFactory(dialogue=cast.dialogue, name="Upriver")


@pytest.fixture
def venue(cast):
    return VenueFactory(dialogue=cast.dialogue)


@pytest.fixture
def organizer(cast, client_for):
    return client_for(cast["organizer"])


def kinds(cast):
    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])
    return [item.kind for item in todo.items]


def test_dialogue_home_for_participant_shows_context_agreement_and_sides(cast, side, client_for):
    cast.dialogue.context = "Why we meet"
    cast.dialogue.save()
    ParticipantTextFactory(dialogue=cast.dialogue, text="Nothing said leaves the room.")

    response = home(client_for(cast["participant"]), cast.dialogue)

    assert response.status_code == 200
    assert "Why we meet" in response.text
    assert "Nothing said leaves the room." in response.text
    assert "Upriver" in response.text


def test_dialogue_home_for_participant_hides_real_title_and_todo(cast, client_for):
    cast.dialogue.title = "The real title"
    cast.dialogue.save()

    response = home(client_for(cast["participant"]), cast.dialogue)

    assert "The real title" not in response.text
    assert TODO_HEADING not in response.text


def test_dialogue_home_for_facilitator_has_no_todo_panel(cast, client_for):
    response = home(client_for(cast["facilitator"]), cast.dialogue)

    assert TODO_HEADING not in response.text


def test_dialogue_home_for_funder_returns_403(cast, client_for):
    response = home(client_for(cast["funder"]), cast.dialogue)

    assert response.status_code == 403


SETUP_HEADING = "Set up this dialogue"


def test_a_new_empty_dialogue_shows_its_setup_checklist_not_nothing_waiting(cast, organizer):
    response = home(organizer, cast.dialogue)

    assert SETUP_HEADING in response.text
    assert "1 of 7 steps done." in response.text  # the cast has a facilitator already
    assert "Nothing is waiting" not in response.text
    theory = reverse("dialogues:theory", args=[cast.dialogue.pk])
    assert f'<a href="{theory}">Write the theory of change</a>' in response.text


def test_the_setup_checklist_is_for_organizers(cast, client_for):
    for role in ("facilitator", "observer", "participant"):
        assert SETUP_HEADING not in home(client_for(cast[role]), cast.dialogue).text, role


def test_dialogue_home_for_organizer_set_up_with_nothing_to_do_says_so(cast, side, organizer):
    dialogue = cast.dialogue
    SideFactory(dialogue=dialogue, name="Downriver")
    ChangeStatementFactory(dialogue=dialogue)
    ParticipantFactory(side=side, state="vetted")
    RoundFactory(dialogue=dialogue, venue=VenueFactory(dialogue=dialogue))
    FundingFactory(dialogue=dialogue)

    response = home(organizer, dialogue)

    assert SETUP_HEADING not in response.text
    assert TODO_HEADING in response.text
    assert "Nothing is waiting" in response.text


def test_dialogue_home_lists_round_with_unanswered_invitations(cast, side, venue, organizer):
    round_ = RoundFactory(
        dialogue=cast.dialogue,
        title="Oslo round",
        venue=venue,
        starts_on=days(20),
        ends_on=days(22),
    )
    for _ in range(2):
        InvitationFactory(round=round_, participant=ParticipantFactory(side=side))

    response = home(organizer, cast.dialogue)

    assert "Oslo round: 2 invitations have had no answer yet." in response.text


def test_dialogue_todo_skips_answered_revoked_and_expired_invitations(cast, side, venue):
    round_ = RoundFactory(dialogue=cast.dialogue, venue=venue, starts_on=days(20), ends_on=days(22))
    invited = {"side": side, "state": "invited"}
    InvitationFactory(round=round_, participant=ParticipantFactory(**invited), response="accepted")
    InvitationFactory(
        round=round_, participant=ParticipantFactory(**invited), revoked_at=timezone.now()
    )
    InvitationFactory(
        round=round_,
        participant=ParticipantFactory(**invited),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )

    assert kinds(cast) == []


def test_dialogue_home_lists_coming_round_without_venue(cast, organizer):
    RoundFactory(dialogue=cast.dialogue, title="Geneva round", starts_on=days(5), ends_on=days(7))

    response = home(organizer, cast.dialogue)

    assert (
        f"Geneva round (from {date_format(days(5), 'DATE_FORMAT')}) has no venue yet."
        in response.text
    )


def test_dialogue_todo_skips_past_rounds_and_rounds_with_venue(cast, venue):
    RoundFactory(dialogue=cast.dialogue, starts_on=days(-10), ends_on=days(-8))
    RoundFactory(dialogue=cast.dialogue, venue=venue, starts_on=days(5), ends_on=days(7))

    assert kinds(cast) == []


def test_dialogue_home_lists_obligation_due_within_30_days(cast, organizer):
    funding = FundingFactory(dialogue=cast.dialogue, funder__name="Lakeside Foundation")
    ReportingObligationFactory(funding=funding, description="Interim report", due_on=days(10))

    response = home(organizer, cast.dialogue)

    assert (
        f"Interim report for Lakeside Foundation is due on {date_format(days(10), 'DATE_FORMAT')}."
        in response.text
    )


def test_dialogue_home_lists_overdue_obligation_as_overdue(cast, organizer):
    funding = FundingFactory(dialogue=cast.dialogue, funder__name="Lakeside Foundation")
    ReportingObligationFactory(funding=funding, description="Interim report", due_on=days(-3))

    response = home(organizer, cast.dialogue)

    due = date_format(days(-3), "DATE_FORMAT")
    assert f"Overdue: Interim report for Lakeside Foundation was due on {due}." in response.text


def test_dialogue_todo_skips_obligation_due_in_40_days_or_done(cast):
    funding = FundingFactory(dialogue=cast.dialogue)
    ReportingObligationFactory(funding=funding, due_on=days(40))
    ReportingObligationFactory(funding=funding, due_on=days(5), done=True)

    assert kinds(cast) == []


def test_dialogue_home_counts_participants_waiting_to_be_vetted(cast, side, organizer):
    ParticipantFactory(side=side, state="proposed")
    ParticipantFactory(side=side, state="proposed")
    ParticipantFactory(side=side, state="vetted")

    response = home(organizer, cast.dialogue)

    assert "2 proposed participants are waiting to be vetted." in response.text


def test_dialogue_todo_does_not_count_restricted_participant_not_granted(cast, side):
    ParticipantFactory(side=side, state="proposed", level=Level.RESTRICTED)

    assert kinds(cast) == []


def test_dialogue_todo_ignores_other_dialogues(cast):
    RoundFactory(dialogue=cast.other_dialogue, starts_on=days(5), ends_on=days(7))
    funding = FundingFactory(dialogue=cast.other_dialogue)
    ReportingObligationFactory(funding=funding, due_on=days(5))

    assert kinds(cast) == []


def test_dialogue_todo_links_vetting_to_proposed_participants(cast, side):
    ParticipantFactory(side=side, state="proposed")

    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])

    assert [(item.kind, item.url) for item in todo.items] == [
        ("vetting", reverse("participants:list", args=[cast.dialogue.pk]) + "?state=proposed"),
    ]


def test_dialogue_todo_links_invitations_to_that_rounds_invitations(cast, side, venue):
    round_ = RoundFactory(dialogue=cast.dialogue, venue=venue, starts_on=days(5), ends_on=days(7))
    InvitationFactory(round=round_, participant=ParticipantFactory(side=side, state="invited"))

    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])

    assert [(item.kind, item.url) for item in todo.items] == [
        (
            "invitations",
            reverse("participants:invitation-list", args=[cast.dialogue.pk])
            + f"?round={round_.pk}",
        ),
    ]


def test_dialogue_todo_links_round_without_venue_to_its_edit_page(cast):
    round_ = RoundFactory(dialogue=cast.dialogue, starts_on=days(5), ends_on=days(7))

    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])

    assert [(item.kind, item.url) for item in todo.items] == [
        ("venue", reverse("dialogues:round-edit", args=[cast.dialogue.pk, round_.pk])),
    ]


def test_dialogue_todo_links_obligation_to_funding_list(cast):
    ReportingObligationFactory(funding=FundingFactory(dialogue=cast.dialogue), due_on=days(5))

    todo = dialogue_todo(dialogue=cast.dialogue, user=cast["organizer"])

    assert [(item.kind, item.url) for item in todo.items] == [
        ("obligation", reverse("dialogues:funding-list", args=[cast.dialogue.pk])),
    ]
