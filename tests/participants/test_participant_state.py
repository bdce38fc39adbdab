"""The participant pipeline: proposed → vetted → invited → confirmed, or declined/withdrawn."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participants.models import Participant
from participants.services.participants import allowed_states, participant_change_state
from tests.factories import ParticipantFactory


@pytest.fixture
def make(sides):
    return lambda state: ParticipantFactory(side=sides["north"], state=state)


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("proposed", "vetted"),
        ("vetted", "invited"),
        ("invited", "confirmed"),
        ("invited", "declined"),
        ("confirmed", "withdrawn"),
        ("declined", "proposed"),
    ],
)
def test_participant_state_change_along_the_pipeline_is_saved(
    start, target, cast, make, client_for, url
):
    participant = make(start)

    response = client_for(cast["organizer"]).post(
        url("state", participant_id=participant.pk), {"state": target}, follow=True
    )

    assert Participant.objects.get(pk=participant.pk).state == target
    assert [str(m) for m in response.context["messages"]] == [
        f"State changed to {Participant.State(target).label}."
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [("proposed", "confirmed"), ("proposed", "invited"), ("confirmed", "proposed")],
)
def test_participant_state_change_skipping_steps_is_refused(start, target, cast, make):
    participant = make(start)

    with pytest.raises(ValidationError):
        participant_change_state(actor=cast["organizer"], participant=participant, state=target)

    assert Participant.objects.get(pk=participant.pk).state == start


def test_participant_state_refused_change_shows_where_it_may_go(cast, make, client_for, url):
    participant = make("proposed")

    response = client_for(cast["organizer"]).post(
        url("state", participant_id=participant.pk), {"state": "confirmed"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "A participant cannot go from Proposed to Confirmed. "
        "From Proposed they can go to: Vetted, Withdrawn."
    ]
    assert Participant.objects.get(pk=participant.pk).state == "proposed"


def test_participant_state_unknown_value_is_refused_with_a_message(cast, make, client_for, url):
    participant = make("proposed")

    response = client_for(cast["organizer"]).post(
        url("state", participant_id=participant.pk), {"state": "famous"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["Choose one of the listed states."]


def test_participant_state_change_by_facilitator_answers_403(cast, make, client_for, url):
    participant = make("proposed")

    response = client_for(cast["facilitator"]).post(
        url("state", participant_id=participant.pk), {"state": "vetted"}
    )

    assert response.status_code == 403
    assert Participant.objects.get(pk=participant.pk).state == "proposed"


def test_participant_state_service_refuses_a_facilitator(cast, make):
    participant = make("proposed")

    with pytest.raises(PermissionDenied):
        participant_change_state(actor=cast["facilitator"], participant=participant, state="vetted")


def test_participant_state_get_is_not_allowed(cast, make, client_for, url):
    participant = make("proposed")

    response = client_for(cast["organizer"]).get(url("state", participant_id=participant.pk))

    assert response.status_code == 405


def test_allowed_states_follow_the_pipeline_order():
    assert allowed_states("invited") == ["confirmed", "declined", "withdrawn"]


def test_participant_detail_offers_only_allowed_next_states(cast, make, client_for, url):
    participant = make("vetted")

    response = client_for(cast["organizer"]).get(url("detail", participant_id=participant.pk))

    assert [s.value for s in response.context["next_states"]] == [
        "invited",
        "declined",
        "withdrawn",
    ]
